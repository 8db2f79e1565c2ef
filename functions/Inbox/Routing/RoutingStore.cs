using System.Text.Json;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.Routing;

/// <summary>
/// The <c>routing</c> table: one row per number (PartitionKey <c>routing</c>, RowKey session id), its settings as JSON. A
/// business has a handful of numbers, so all of them are one bounded query of at most 200 rows.
/// </summary>
public sealed class RoutingStore(StorageClients storage)
{
    public const string TableName = "routing";
    private const string Partition = "routing";
    private const int MaxRows = 200;

    private TableClient Table => storage.Table(TableName);

    /// <summary>One point read; <see cref="RoutingSettings.Off"/> when none are stored.</summary>
    public async Task<RoutingSettings> GetAsync(string sessionId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, sessionId, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? Parse(row.Value!) : RoutingSettings.Off;
    }

    /// <summary>One upsert of the whole row (a PATCH is read, merged and written by the API).</summary>
    public Task SaveAsync(string sessionId, RoutingSettings settings, CancellationToken ct) =>
        Table.UpsertEntityAsync(new TableEntity(Partition, sessionId) { ["Json"] = JsonSerializer.Serialize(settings, JsonSerializerOptions.Web) },
            TableUpdateMode.Replace, ct);

    /// <summary>Every number's settings: one bounded query.</summary>
    public async Task<IReadOnlyList<(string SessionId, RoutingSettings Settings)>> ListAsync(CancellationToken ct)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), MaxRows, cancellationToken: ct)
            .AsPages(null, MaxRows).ConfigureAwait(false))
            return page.Values.Select(r => (r.RowKey, Parse(r))).ToList();
        return [];
    }

    private static RoutingSettings Parse(TableEntity row) =>
        row.GetString("Json") is { } json ? JsonSerializer.Deserialize<RoutingSettings>(json, JsonSerializerOptions.Web) ?? RoutingSettings.Off : RoutingSettings.Off;
}
