using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// The <c>chats</c> table, one partition per session: the chat rows, their index rows (<see cref="ChatIndex"/>), the count
/// shards (<see cref="ChatCounts"/>) and the inbox's counter rows (analytics, round-robin pointers, broadcast replies).
/// All in one partition so every change of a chat is one entity-group transaction: the chat row (ETag-guarded), its
/// index rows (old keys deleted, new ones written), its count shard and whatever counters the change moves commit
/// together, and a list, a filter or a count never disagrees with the chats.
/// </summary>
public sealed class ChatStore(StorageClients storage)
{
    public const string TableName = "chats";

    // Changes to chats of one session and shard in this process take turns: they share counter rows, and racing each other
    // on those rows' ETags would only turn into retries. Other processes still race, and retry, as designed.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    internal TableClient Table => storage.Table(TableName);

    /// <summary>The counter shard of a chat (stable: a hash of its id).</summary>
    public static int ShardOf(string chatId) => SHA256.HashData(Encoding.UTF8.GetBytes(chatId))[0] % ChatCounts.Shards;

    /// <summary>One point read.</summary>
    public async Task<(Chat Chat, ETag ETag)?> GetAsync(string sessionId, string chatId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, Chat.ChatRowKey(chatId), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Chat.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>
    /// Reads the chat, lets <paramref name="decide"/> work out the change (null: none; it may read and write other rows of
    /// the partition through the <see cref="ChatWrite"/>) and commits it in one transaction: the chat row, its index rows,
    /// its count shard when a count moves, and the rows written. On a lost race it all runs again on fresh data
    /// (<see cref="Optimistic"/>), so <paramref name="decide"/> must only decide. Round trips: the chat's point read, the
    /// count shard's when a count moves (beside the reads <paramref name="decide"/> makes), one transaction.
    /// Returns the chat as it is afterwards (null when it does not exist and was not created).
    /// </summary>
    public async Task<Chat?> ChangeAsync(string sessionId, string chatId, Func<ChatWrite, CancellationToken, Task<Chat?>> decide, CancellationToken ct)
    {
        var turn = _turns.GetOrAdd($"{sessionId}\n{ShardOf(chatId)}", _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Optimistic.RetryAsync(async () =>
            {
                var current = await GetAsync(sessionId, chatId, ct).ConfigureAwait(false);
                var write = new ChatWrite(Table, sessionId, chatId, current?.Chat);
                if (await decide(write, ct).ConfigureAwait(false) is not { } after) return current?.Chat;
                await CommitAsync(current, after, write, ct).ConfigureAwait(false);
                return after;
            }, ct).ConfigureAwait(false);
        }
        finally { turn.Release(); }
    }

    private async Task CommitAsync((Chat Chat, ETag ETag)? current, Chat after, ChatWrite write, CancellationToken ct)
    {
        // A row from before the inbox is in no index but the activity one and in no count: written in full, counted afresh.
        var before = current?.Chat is { Indexed: true } indexed ? indexed : null;
        var legacyActivity = current?.Chat is { Indexed: false } legacy ? legacy.ActivityKey : null;
        var actions = new List<TableTransactionAction>
        {
            current is var (_, etag)
                ? new(TableTransactionActionType.UpdateReplace, after.ToChatEntity(), etag)
                : new(TableTransactionActionType.Add, after.ToChatEntity()),
        };
        var newKeys = ChatIndex.Keys(after);
        var oldKeys = before is null ? [] : ChatIndex.Keys(before);
        if (before is null || !before.SameSummary(after) || !oldKeys.SequenceEqual(newKeys))
        {
            actions.AddRange(oldKeys.Except(newKeys).Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(after.SessionId, k))));
            if (legacyActivity is not null && !newKeys.Contains(legacyActivity))
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(after.SessionId, legacyActivity), ETag.All));
            actions.AddRange(newKeys.Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, after.ToIndexEntity(k))));
        }
        if (ChatCounts.Differ(before, after))
        {
            var key = ChatCounts.RowKey(write.Shard);
            var counts = ChatCounts.FromEntity(await write.ReadAsync(key, ct).ConfigureAwait(false));
            if (before is not null) counts.Add(before, -1);
            write.Write(counts.Add(after, 1).ToEntity(after.SessionId, write.Shard));
        }
        actions.AddRange(write.Actions());
        await Table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Folds a message into the chat: unread count, last message and time (only when it is the newest), name. A chat first
    /// seen through an inbound message is <c>open</c>; one first seen through our own message is <c>closed</c> (no
    /// conversation until the other side writes). Idempotent: a message id already among the chat's recent ids changes
    /// nothing. See <see cref="ChangeAsync"/> for the round trips.
    /// </summary>
    public async Task<Chat> ApplyAsync(ChatMessage m, CancellationToken ct) =>
        (await ChangeAsync(m.SessionId, m.ChatId, (write, _) =>
        {
            if (write.Current is { } existing && existing.RecentIds.Contains(m.MessageId)) return Task.FromResult<Chat?>(null);
            var before = write.Current ?? Chat.New(m.SessionId, m.ChatId, m.IsGroup, m.Unread ? Chat.Open : Chat.Closed);
            var newest = m.Timestamp >= before.LastTimestamp;
            return Task.FromResult<Chat?>(before with
            {
                Name = m.Name ?? before.Name,
                UnreadCount = before.UnreadCount + (m.Unread ? 1 : 0),
                LastMessage = newest ? m.Preview : before.LastMessage,
                LastMessageId = newest ? m.MessageId : before.LastMessageId,
                LastTimestamp = newest ? m.Timestamp : before.LastTimestamp,
                RecentIds = [.. before.RecentIds.TakeLast(Chat.RecentIdsKept - 1), m.MessageId],
            });
        }, ct).ConfigureAwait(false))!;

    /// <summary>
    /// A message the chat already counts was edited or deleted for everyone: when it is the one the preview describes
    /// (<see cref="Chat.LastMessageId"/>), the preview becomes <paramref name="preview"/>. The chat's point read, and the
    /// transaction only when the preview changes (see <see cref="ChangeAsync"/>).
    /// </summary>
    public Task<Chat?> RefreshPreviewAsync(string sessionId, string chatId, string messageId, string preview, CancellationToken ct) =>
        ChangeAsync(sessionId, chatId, (write, _) => Task.FromResult(
            write.Current is { } chat && chat.LastMessageId == messageId && chat.LastMessage != preview ? chat with { LastMessage = preview } : null), ct);

    /// <summary>
    /// A page of chats newest first, filtered (see <see cref="ChatIndex.Range"/>): one range scan of O(limit) index rows
    /// when the filter maps to one index (no filter, status, assignee, both, a tag alone, unread alone); otherwise the
    /// narrowest index is read with the rest as a predicate, at most <see cref="KeyRangeScan.DefaultBudget"/> rows
    /// (≤ 5 round trips) per page, and the page may hold fewer than <paramref name="limit"/> items and a cursor to go on.
    /// </summary>
    public async Task<(IReadOnlyList<Chat> Chats, string? NextCursor)> ListAsync(string sessionId, ChatFilter filter, int limit, string? cursor, CancellationToken ct)
    {
        var (from, to, match) = ChatIndex.Range(filter);
        var (rows, next) = await KeyRangeScan.PageAsync(Table, sessionId, from, to, cursor, limit, match, ct).ConfigureAwait(false);
        return (rows.Select(Chat.FromEntity).ToList(), next);
    }

    /// <summary>Newest activity first, no filter; one range scan of O(limit) index rows.</summary>
    public Task<(IReadOnlyList<Chat> Chats, string? NextCursor)> ListAsync(string sessionId, int limit, string? cursor, CancellationToken ct) =>
        ListAsync(sessionId, ChatFilter.None, limit, cursor, ct);

    /// <summary>The session's counts: one range scan of its <see cref="ChatCounts.Shards"/> shard rows.</summary>
    public async Task<ChatCounts> CountsAsync(string sessionId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {ChatCounts.RowPrefix} and RowKey lt {"k`"}");
        var total = new ChatCounts();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, ChatCounts.Shards, cancellationToken: ct).ConfigureAwait(false))
            total.Plus(ChatCounts.FromEntity(row));
        return total;
    }

    /// <summary>
    /// Chat ids under one index prefix (an agent's open chats, a tag's chats), oldest activity last: one range scan of at
    /// most <paramref name="limit"/> rows. For background work that moves chats out of that index and scans again.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChatIdsAsync(string sessionId, string prefix, int limit, CancellationToken ct)
    {
        var (rows, _) = await KeyRangeScan.PageAsync(Table, sessionId, prefix, prefix[..^1] + "`", null, limit, null, ct).ConfigureAwait(false);
        return rows.Select(r => r.GetString("ChatId") ?? "").Where(id => id.Length > 0).ToList();
    }
}
