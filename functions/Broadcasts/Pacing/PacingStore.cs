using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts.Pacing;

/// <summary>The <c>pacing</c> table: one row per session (absent: <see cref="PacingSettings.Default"/>).</summary>
public sealed class PacingStore(StorageClients storage)
{
    private TableClient Table => storage.Table(PacingSettings.TableName);

    /// <summary>One point read.</summary>
    public async Task<PacingSettings> GetAsync(string sessionId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(PacingSettings.Partition, sessionId, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? PacingSettings.FromEntity(row.Value!) : PacingSettings.Default;
    }

    /// <summary>One upsert (the whole row: a PATCH is read, merged and written by the API).</summary>
    public Task SaveAsync(string sessionId, PacingSettings pacing, CancellationToken ct) =>
        Table.UpsertEntityAsync(pacing.ToEntity(sessionId), TableUpdateMode.Replace, ct);
}
