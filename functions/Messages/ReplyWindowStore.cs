using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>
/// When each chat last wrote to a number (table <c>replywindows</c>: PartitionKey = session id, RowKey = encoded chat
/// id, <c>LastInboundAt</c> in unix seconds). A direct send to a chat that wrote within <see cref="Window"/> is a reply:
/// it does not count toward the number's daily cap (<see cref="MessageStore.CountSendAsync"/>), which exists to keep cold
/// outreach slow. Written by the engine-events handler for every inbound message, read by <c>POST /messages</c>.
/// </summary>
public sealed class ReplyWindowStore(StorageClients storage)
{
    public const string TableName = "replywindows";
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private TableClient Table => storage.Table(TableName);

    /// <summary>Moves the chat's last inbound time forward (never back: events arrive out of order). Point read, and a write when it moves.</summary>
    public Task NoteInboundAsync(string sessionId, string chatId, long timestamp, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        var key = TableKey.Encode(chatId);
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, key, cancellationToken: ct).ConfigureAwait(false);
        if (current.HasValue && (current.Value!.GetInt64("LastInboundAt") ?? 0) >= timestamp) return;
        var row = new TableEntity(sessionId, key) { ["LastInboundAt"] = timestamp };
        if (current.HasValue) await Table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        else await Table.AddEntityAsync(row, ct).ConfigureAwait(false);
    }, ct);

    /// <summary>Whether a send to <paramref name="chatId"/> at <paramref name="now"/> answers a chat that wrote within the window. One point read.</summary>
    public async Task<bool> IsOpenAsync(string sessionId, string chatId, DateTimeOffset now, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, TableKey.Encode(chatId), ["LastInboundAt"], ct).ConfigureAwait(false);
        return row.HasValue && now.ToUnixTimeSeconds() - (row.Value!.GetInt64("LastInboundAt") ?? 0) <= (long)Window.TotalSeconds;
    }
}
