using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Auth;

/// <summary>
/// The <c>apikeys</c> table: one row per key in one partition, RowKey = SHA-256 hex of the key.
/// Authentication is one point read, cached for a few seconds per process, so a key that is
/// disabled or deleted stops working on every instance within <see cref="CacheTtl"/>.
/// </summary>
public sealed class ApiKeyStore(StorageClients storage, TimeProvider clock)
{
    public const string TableName = "apikeys";
    internal const string Partition = "key";
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private TableClient Table => storage.Table(TableName);

    /// <summary>The enabled key matching <paramref name="presented"/>, or null. At most one storage round trip.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (!ApiKey.IsWellFormed(presented)) return null;
        var hash = ApiKey.HashOf(presented!);
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var cached) || cached.Until <= now)
        {
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, hash, cancellationToken: cancellationToken).ConfigureAwait(false);
            cached = (row.HasValue ? ApiKey.FromEntity(row.Value!) : null, now + CacheTtl);
            _cache[hash] = cached;
        }
        if (cached.Key is not { Disabled: false } key) return null;
        // The row was found by its hash; compare again without a data-dependent early exit.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Hash), Encoding.ASCII.GetBytes(hash)) ? key : null;
    }

    /// <summary>Stores a new key and returns it with the secret, which is never retrievable again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, IReadOnlyList<string> scopes, int? rateLimitPerMinute,
        CancellationToken cancellationToken, string? secret = null, string? agentId = null)
    {
        secret ??= ApiKey.Generate();
        var key = new ApiKey(ApiKey.HashOf(secret), name, scopes, Disabled: false, ApiKey.Mask(secret), clock.GetUtcNow(), null, rateLimitPerMinute)
        {
            AgentId = agentId,
        };
        await Table.AddEntityAsync(key.ToEntity(), cancellationToken).ConfigureAwait(false);
        return (key, secret);
    }

    /// <summary>One bounded range scan: the ids' 16 hex digits select at most a handful of rows.</summary>
    public async Task<(ApiKey Key, ETag ETag)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length != 18 || !id.StartsWith("k_", StringComparison.Ordinal) || id.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF")) return null;
        var prefix = id[2..].ToLowerInvariant();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}"), cancellationToken: cancellationToken))
            return (ApiKey.FromEntity(row), row.ETag);
        return null;
    }

    /// <summary>One range query of at most <paramref name="limit"/> rows; a cursor this list did not hand out is a 400.</summary>
    public async Task<(IReadOnlyList<ApiKey> Keys, string? Cursor)> ListAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        var (rows, next) = await KeyRangeScan.PageAsync(Table, Partition, "", "\uffff", cursor, limit, null, cancellationToken).ConfigureAwait(false);
        return (rows.Select(ApiKey.FromEntity).ToList(), next);
    }

    /// <summary>Replaces the row if nobody changed it since it was read (412 otherwise).</summary>
    public async Task UpdateAsync(ApiKey key, ETag etag, CancellationToken cancellationToken)
    {
        await Table.UpdateEntityAsync(key.ToEntity(), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(key.Hash, out _);
    }

    public async Task DeleteAsync(ApiKey key, CancellationToken cancellationToken)
    {
        await Table.DeleteEntityAsync(Partition, key.Hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(key.Hash, out _);
    }

    public async Task<bool> ExistsAsync(string secret, CancellationToken cancellationToken) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(Partition, ApiKey.HashOf(secret), select: ["Name"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;

    /// <summary>Records use at most once a minute per key and process: a write per request would double the cost of every call.</summary>
    public async Task TouchAsync(ApiKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is { } last && now - last < LastUsedResolution) return;
        var touched = key with { LastUsedAt = now };
        if (_cache.TryGetValue(key.Hash, out var cached)) _cache[key.Hash] = (touched, cached.Until);
        // If-Match * : never resurrect a key deleted meanwhile as a bare row.
        try { await Table.UpdateEntityAsync(new TableEntity(Partition, key.Hash) { ["LastUsedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }
}
