using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts.OptOut;

/// <summary>
/// Table <c>suppressions</c>: people who opted out of broadcasts, for every number of this installation (a person who
/// told the business STOP should not hear from any of its numbers). PartitionKey <c>suppression</c>, RowKey = encoded jid.
/// </summary>
public sealed class SuppressionStore(StorageClients storage, TimeProvider clock)
{
    public const string TableName = "suppressions";
    internal const string Partition = "suppression";

    private TableClient Table => storage.Table(TableName);

    /// <summary>One upsert (idempotent: a second STOP only refreshes the row).</summary>
    public Task AddAsync(string chatId, string? sessionId, string? messageId, string? word, CancellationToken ct) =>
        Table.UpsertEntityAsync(new TableEntity(Partition, TableKey.Encode(chatId))
        {
            ["ChatId"] = chatId, ["SessionId"] = sessionId, ["MessageId"] = messageId, ["Word"] = word, ["CreatedAt"] = clock.GetUtcNow(),
        }, TableUpdateMode.Replace, ct);

    /// <summary>One point read.</summary>
    public async Task<bool> IsSuppressedAsync(string chatId, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(chatId), ["ChatId"], ct).ConfigureAwait(false)).HasValue;

    /// <summary>One point read, then one delete. False when the number was not suppressed.</summary>
    public async Task<bool> DeleteAsync(string chatId, CancellationToken ct)
    {
        if (!await IsSuppressedAsync(chatId, ct).ConfigureAwait(false)) return false;
        await Table.DeleteEntityAsync(Partition, TableKey.Encode(chatId), cancellationToken: ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>One page in jid order: one range query of at most <paramref name="limit"/> rows.</summary>
    public Task<(IReadOnlyList<TableEntity> Rows, string? NextCursor)> ListAsync(string? cursor, int limit, CancellationToken ct) =>
        KeyRangeScan.PageAsync(Table, Partition, "", "\uffff", cursor, limit, null, ct);

    internal static SuppressionView View(TableEntity e) => new(e.GetString("ChatId") ?? "", e.GetString("SessionId"), e.GetString("MessageId"),
        e.GetString("Word"), e.GetDateTimeOffset("CreatedAt"));
}

/// <summary>
/// A chat that opted out of broadcasts: by the stop word it sent (with the number and message it came in on), or added
/// through the API (those three null).
/// </summary>
internal sealed record SuppressionView(string ChatId, string? SessionId, string? MessageId, string? Word, DateTimeOffset? CreatedAt);
