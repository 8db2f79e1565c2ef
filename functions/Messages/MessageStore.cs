using Azure;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Sessions;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>
/// Messages by id (table <c>messagesbyid</c>: PartitionKey = encoded message id, RowKey = session id)
/// and the per-chat history (table <c>messages</c>: PartitionKey = session id + "_" + encoded chat id,
/// RowKey = <see cref="MessageRecord.HistoryKeyFor"/>, newest first).
/// </summary>
public sealed class MessageStore(StorageClients storage, SendCapStore caps, PacingStore pacingStore)
{
    public const string ByIdTable = "messagesbyid";
    public const string HistoryTable = "messages";

    private TableClient ById => storage.Table(ByIdTable);
    internal TableClient History => storage.Table(HistoryTable);

    public static string HistoryPartition(string sessionId, string chatId) => sessionId + "_" + TableKey.Encode(chatId);

    /// <summary>One bounded query (a message id exists in at most one or two sessions).</summary>
    public async Task<MessageRecord?> FindAsync(string messageId, CancellationToken ct)
    {
        if (messageId.Length is 0 or > 128) return null;
        await foreach (var page in ById.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(messageId)}"), 2, cancellationToken: ct).AsPages(null, 2))
            return page.Values.Select(MessageRecord.FromEntity).FirstOrDefault();
        return null;
    }

    /// <summary>One point read.</summary>
    public async Task<(MessageRecord Message, ETag ETag)?> GetAsync(string messageId, string sessionId, CancellationToken ct)
    {
        var row = await ById.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(messageId), sessionId, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (MessageRecord.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Inserts <paramref name="message"/> unless a row exists; returns the stored one. One insert (plus a read if it existed).</summary>
    public async Task<(MessageRecord Message, ETag ETag)> AddOrGetAsync(MessageRecord message, CancellationToken ct)
    {
        try
        {
            var added = await ById.AddEntityAsync(message.ToEntity(), ct).ConfigureAwait(false);
            return (message, added.Headers.ETag.GetValueOrDefault());
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await GetAsync(message.MessageId, message.SessionId, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("A message row vanished between insert and read.");
        }
    }

    /// <summary>
    /// Reads the row (creating it from <paramref name="seed"/> when absent and a seed is given), applies
    /// <paramref name="change"/> (null: nothing to change) and writes it back under its ETag; again on a concurrent change.
    /// </summary>
    public Task<MessageRecord?> UpdateAsync(string messageId, string sessionId, MessageRecord? seed,
        Func<MessageRecord, MessageRecord?> change, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        var current = await GetAsync(messageId, sessionId, ct).ConfigureAwait(false);
        if (current is null && seed is not null) current = await AddOrGetAsync(seed, ct).ConfigureAwait(false);
        if (current is not var (message, etag)) return null;
        if (change(message) is not { } changed) return message;
        var updated = changed with { Revision = message.Revision + 1 };
        await ById.UpdateEntityAsync(updated.ToEntity(), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        return (MessageRecord?)updated;
    }, ct);

    /// <summary>
    /// Copies the message row to its row of the chat history, unless that row already holds this
    /// <see cref="MessageRecord.Revision"/> or a later one: handlers of one message's events run concurrently, and a
    /// late copy must not put back an older status, text or a deleted message's content. One point read, and one
    /// insert or conditional replace when the copy is newer (again on a lost race). A reaction is not a line of the chat
    /// (it attaches to its message), so it has no history row and nothing is written.
    /// </summary>
    public Task WriteHistoryAsync(MessageRecord message, CancellationToken ct) => message.Kind == MessageKinds.Reaction ? Task.CompletedTask : Optimistic.RetryAsync(async () =>
    {
        var row = message.ToHistoryEntity();
        var current = await History.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, ["Revision"], ct).ConfigureAwait(false);
        if (!current.HasValue) await History.AddEntityAsync(row, ct).ConfigureAwait(false);
        else if ((current.Value!.GetInt64("Revision") ?? -1) < message.Revision)
            await History.UpdateEntityAsync(row, current.Value.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }, ct);

    /// <summary>
    /// Marks a message that got its first reaction or vote, so the history reads its responses (and only then). Nothing
    /// when it is marked already; else the message row's read and conditional write, and the history copy.
    /// </summary>
    public async Task NoteResponsesAsync(MessageRecord message, CancellationToken ct)
    {
        if (message.HasResponses) return;
        var marked = await UpdateAsync(message.MessageId, message.SessionId, null, m => m.HasResponses ? null : m with { HasResponses = true }, ct).ConfigureAwait(false);
        if (marked?.HistoryKey is not null) await WriteHistoryAsync(marked, ct).ConfigureAwait(false);
    }

    /// <summary>Remembers that the chat summary counts this message. One merge.</summary>
    public Task MarkChatAppliedAsync(MessageRecord message, CancellationToken ct) =>
        ById.UpdateEntityAsync(new TableEntity(TableKey.Encode(message.MessageId), message.SessionId) { ["ChatApplied"] = true }, ETag.All, TableUpdateMode.Merge, ct);

    /// <summary>
    /// THE place where a send from a number is counted: every outbound message (direct sends and broadcasts) passes
    /// here once, BEFORE its <c>message.send</c> is enqueued, and is only enqueued when the slot is granted. The cap of
    /// the session's calendar day (in its pacing time zone) is the daily cap, lowered by the warm-up ramp while it
    /// lasts (ramp day 0 = <c>warmup.startDate</c>, else the day the session was created). Counting is idempotent per
    /// <paramref name="clientMessageId"/>: asking again for the same message returns its earlier grant. Storage: the
    /// pacing row (one point read, unless given) plus <see cref="SendCapStore.ReserveAsync"/>.
    /// </summary>
    public async Task<SendSlot> CountSendAsync(Session session, string clientMessageId, DateTimeOffset at, CancellationToken ct,
        PacingSettings? pacing = null)
    {
        pacing ??= await pacingStore.GetAsync(session.Id, ct).ConfigureAwait(false);
        var (day, cap) = PacingMath.CapOn(pacing, session.CreatedAt, at);
        return await caps.ReserveAsync(session.Id, clientMessageId, day, cap, ct).ConfigureAwait(false);
    }
}
