using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// The <c>chats</c> table (PartitionKey = session id): chat rows and their activity index rows (see
/// <see cref="Chat"/>). Both live in one partition so every change is one entity-group transaction:
/// the chat row (ETag-guarded), the new activity row and the removal of the old one commit together,
/// and the index never shows a chat twice or misses one.
/// </summary>
public sealed class ChatStore(StorageClients storage)
{
    public const string TableName = "chats";
    private const string ActivityFrom = "a_";
    private const string ActivityTo = "a`"; // the character after '_'

    internal TableClient Table => storage.Table(TableName);

    /// <summary>One point read.</summary>
    public async Task<(Chat Chat, ETag ETag)?> GetAsync(string sessionId, string chatId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, Chat.ChatRowKey(chatId), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Chat.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>
    /// Folds a message into the chat: unread count, last message and time (only when it is the newest),
    /// name. Idempotent: a message id already among the chat's recent ids changes nothing.
    /// One point read plus one transaction (again on a concurrent change, see <see cref="Optimistic"/>).
    /// </summary>
    public Task<Chat> ApplyAsync(ChatMessage m, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        var current = await GetAsync(m.SessionId, m.ChatId, ct).ConfigureAwait(false);
        if (current is var (existing, _) && existing.RecentIds.Contains(m.MessageId)) return existing;
        var before = current?.Chat ?? new Chat(m.SessionId, m.ChatId, null, m.IsGroup, "open", null, null, 0, null, 0, []);
        var newest = m.Timestamp >= before.LastTimestamp;
        var after = before with
        {
            Name = m.Name ?? before.Name,
            UnreadCount = before.UnreadCount + (m.Unread ? 1 : 0),
            LastMessage = newest ? m.Preview : before.LastMessage,
            LastTimestamp = newest ? m.Timestamp : before.LastTimestamp,
            RecentIds = [.. before.RecentIds.TakeLast(Chat.RecentIdsKept - 1), m.MessageId],
        };
        var actions = new List<TableTransactionAction>
        {
            current is var (_, etag)
                ? new(TableTransactionActionType.UpdateReplace, after.ToChatEntity(), etag)
                : new(TableTransactionActionType.Add, after.ToChatEntity()),
            new(TableTransactionActionType.UpsertReplace, after.ToActivityEntity()),
        };
        if (current is not null && before.ActivityKey != after.ActivityKey)
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(m.SessionId, before.ActivityKey)));
        await Table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        return after;
    }, ct);

    /// <summary>Newest activity first; one range scan of O(limit) index rows.</summary>
    public async Task<(IReadOnlyList<Chat> Chats, string? NextCursor)> ListAsync(string sessionId, int limit, string? cursor, CancellationToken ct)
    {
        var (rows, next) = await KeyRangeScan.PageAsync(Table, sessionId, ActivityFrom, ActivityTo, cursor, limit, null, ct).ConfigureAwait(false);
        return (rows.Select(Chat.FromEntity).ToList(), next);
    }
}
