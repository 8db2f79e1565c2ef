using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>The outcome of claiming an <c>Idempotency-Key</c>.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>This request owns the key: send with <see cref="ClientMessageId"/>, then <see cref="IdempotencyStore.CompleteAsync"/>.</summary>
    public sealed record Owner(string RowKey, string ClientMessageId) : IdempotencyClaim;
    /// <summary>An earlier request with this key finished: answer exactly what it answered.</summary>
    public sealed record Replay(int Status, string Body) : IdempotencyClaim;
    /// <summary>Another request with this key is still running.</summary>
    public sealed record InProgress : IdempotencyClaim;
    /// <summary>The key was used for a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>
/// The <c>idempotency</c> table: PartitionKey = SHA-256 of (API key hash, Idempotency-Key), RowKey <c>r</c>.
/// The first request inserts a <c>pending</c> claim (an insert is atomic, so of two concurrent duplicates
/// exactly one wins), sends, and stores its answer; repeats replay it. A claim left pending by a crash is
/// taken over after <see cref="StaleAfter"/> with the same clientMessageId, so the engine's dedup keeps it
/// to one send.
/// </summary>
public sealed class IdempotencyStore(StorageClients storage, TimeProvider clock)
{
    public const string TableName = "idempotency";
    private const string Row = "r";
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private TableClient Table => storage.Table(TableName);

    public static string PartitionFor(string apiKeyHash, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKeyHash + "\n" + idempotencyKey)));

    public static string RequestHash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts.Select(p => p ?? "\0")))));

    /// <summary>One insert; on a repeat also one read (and one conditional write to take over a stale claim).</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string partition, string requestHash, CancellationToken ct)
    {
        var claim = new TableEntity(partition, Row)
        {
            ["State"] = "pending", ["RequestHash"] = requestHash, ["ClientMessageId"] = Guid.NewGuid().ToString("N"), ["ClaimedAt"] = clock.GetUtcNow(),
        };
        try
        {
            await Table.AddEntityAsync(claim, ct).ConfigureAwait(false);
            return new IdempotencyClaim.Owner(partition, claim.GetString("ClientMessageId")!);
        }
        catch (RequestFailedException e) when (e.Status == 409) { }

        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: ct).ConfigureAwait(false);
        if (!existing.HasValue) return await ClaimAsync(partition, requestHash, ct).ConfigureAwait(false); // released meanwhile
        var row = existing.Value!;
        if (row.GetString("RequestHash") != requestHash) return new IdempotencyClaim.Mismatch();
        if (row.GetString("State") == "done") return new IdempotencyClaim.Replay(row.GetInt32("Status") ?? 202, row.GetString("Body") ?? "{}");
        if (clock.GetUtcNow() - (row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue) < StaleAfter) return new IdempotencyClaim.InProgress();
        row["ClaimedAt"] = clock.GetUtcNow();
        try
        {
            await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return new IdempotencyClaim.Owner(partition, row.GetString("ClientMessageId")!);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return new IdempotencyClaim.InProgress(); }
    }

    /// <summary>Stores the answer for replays. One merge.</summary>
    public Task CompleteAsync(IdempotencyClaim.Owner owner, int status, string body, CancellationToken ct) =>
        Table.UpdateEntityAsync(new TableEntity(owner.RowKey, Row) { ["State"] = "done", ["Status"] = status, ["Body"] = body }, ETag.All, TableUpdateMode.Merge, ct);

    /// <summary>Forgets a claim whose request did not send (e.g. no ready number), so a retry may try again. One delete.</summary>
    public Task ReleaseAsync(IdempotencyClaim.Owner owner, CancellationToken ct) => Table.DeleteEntityAsync(owner.RowKey, Row, cancellationToken: ct);
}
