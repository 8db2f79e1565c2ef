using Azure;
using Azure.Data.Tables;

namespace WaFunctions.Chats;

/// <summary>
/// One attempt at changing a chat (see <see cref="ChatStore.ChangeAsync"/>): the chat as read, and the other rows of its
/// session partition the change reads and writes (counters, a round-robin pointer). Each row read is remembered with its
/// ETag, and writing it back is conditional on that ETag (or an insert when it did not exist), so the whole change commits
/// in one transaction or loses the race and is decided again on fresh data.
/// </summary>
public sealed class ChatWrite
{
    private readonly TableClient _table;
    private readonly Dictionary<string, TableEntity?> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableEntity> _writes = new(StringComparer.Ordinal);

    internal ChatWrite(TableClient table, string sessionId, string chatId, Chat? current)
    {
        _table = table;
        SessionId = sessionId;
        ChatId = chatId;
        Current = current;
        Shard = ChatStore.ShardOf(chatId);
    }

    public string SessionId { get; }
    public string ChatId { get; }
    public Chat? Current { get; }

    /// <summary>The chat's counter shard: counter rows it changes end in it, so chats of other shards do not contend.</summary>
    public int Shard { get; }

    /// <summary>Point reads of rows of the session partition, in parallel; each at most once per attempt.</summary>
    public async Task<IReadOnlyList<TableEntity?>> ReadAsync(IReadOnlyList<string> rowKeys, CancellationToken ct)
    {
        var missing = rowKeys.Where(k => !_read.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList();
        var rows = await Task.WhenAll(missing.Select(async k =>
            (await _table.GetEntityIfExistsAsync<TableEntity>(SessionId, k, cancellationToken: ct).ConfigureAwait(false)) is { HasValue: true } r ? r.Value : null)).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++) _read[missing[i]] = rows[i];
        return rowKeys.Select(k => _read[k]).ToList();
    }

    public async Task<TableEntity?> ReadAsync(string rowKey, CancellationToken ct) => (await ReadAsync([rowKey], ct).ConfigureAwait(false))[0];

    /// <summary>Writes a row of the session partition with the change: replaced under the ETag it was read with, else inserted.</summary>
    public void Write(TableEntity row)
    {
        if (row.PartitionKey != SessionId) throw new ArgumentException("A chat change writes only its session's partition.", nameof(row));
        _writes[row.RowKey] = row;
    }

    internal IEnumerable<TableTransactionAction> Actions() => _writes.Values.Select(row =>
        _read.TryGetValue(row.RowKey, out var was) && was is not null
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, was.ETag)
            : new TableTransactionAction(_read.ContainsKey(row.RowKey) ? TableTransactionActionType.Add : TableTransactionActionType.UpsertReplace, row));

    internal bool Writes(string rowKey) => _writes.ContainsKey(rowKey);

    internal ETag? ReadETag(string rowKey) => _read.TryGetValue(rowKey, out var row) ? row?.ETag : null;
}
