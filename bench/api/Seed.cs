using WaFunctions.Chats;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Bench;

/// <summary>
/// Writes the benchmark's data straight into the app's tables, in the row layout the app itself
/// writes (the entity mappings are internal to the app, so they are mirrored here field by field):
/// <list type="bullet">
/// <item><c>sessions</c>: PartitionKey <c>session</c>, RowKey = session id, the fields of <c>Session.ToEntity</c> (status <c>ready</c>).</item>
/// <item><c>chats</c>: per chat the chat row (<c>c_</c> + encoded chat id, with <c>RecentIds</c>) and its activity row
/// (<c>a_</c> + inverted last timestamp + encoded chat id), both from <c>Chat.ToChatEntity</c>/<c>ToActivityEntity</c>,
/// 50 chats (100 rows) per entity-group transaction.</item>
/// </list>
/// </summary>
internal static class Seed
{
    public const string SessionId = "nbench01";

    public static Task SessionAsync(StorageClients storage) => BenchSessions.ReadyAsync(storage, SessionId);

    /// <summary>
    /// Through a client of its own with the SDK's default (patient) timeouts and retries: the app's clients give up after
    /// 10 s, which Azurite's 100-row transactions into a partition of 20,000 rows can exceed.
    /// </summary>
    public static async Task ChatsAsync(string connectionString, int count)
    {
        var table = new TableClient(connectionString, ChatStore.TableName);
        var baseTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - count;
        var batches = Enumerable.Range(0, (count + 49) / 50).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) =>
        {
            var actions = new List<TableTransactionAction>();
            for (var i = b * 50; i < Math.Min(count, (b + 1) * 50); i++)
            {
                var chatId = $"49170{i:D8}@s.whatsapp.net";
                var ts = baseTime + i;
                var messageId = $"SIM{i:X17}";
                TableEntity Summary(string rowKey) => new(SessionId, rowKey)
                {
                    ["ChatId"] = chatId, ["Name"] = $"Contact {i}", ["IsGroup"] = false, ["Status"] = "open", ["Assignee"] = null,
                    ["AssigneeName"] = null, ["UnreadCount"] = 1, ["LastMessage"] = $"Hello, this is message {i} of the benchmark",
                    ["LastTimestamp"] = ts,
                };
                var chatRow = Summary(Chat.ChatRowKey(chatId));
                chatRow["RecentIds"] = messageId;
                actions.Add(new(TableTransactionActionType.UpsertReplace, chatRow));
                actions.Add(new(TableTransactionActionType.UpsertReplace, Summary(Chat.ActivityRowKey(ts, chatId))));
            }
            await table.SubmitTransactionAsync(actions, ct);
        });
    }
}
