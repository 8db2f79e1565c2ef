using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.RateLimits;

/// <summary>The outcome of one request against its key's budget for the current minute.</summary>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt);

/// <summary>
/// A fixed one-minute window per key, shared by every instance: one row per key in the
/// <c>ratelimits</c> table holds the window and its count, changed only under its ETag.
/// Storage round trips per request: 1 in the steady state (a conditional update with the ETag
/// this process last saw), 2 when another instance moved the row first (read, then update);
/// 0 to refuse a key whose window this process already saw exhausted (counts only grow).
/// </summary>
public sealed class RateLimiter(StorageClients storage, TimeProvider clock)
{
    public const string TableName = "ratelimits";
    private const string Partition = "window";

    private readonly ConcurrentDictionary<string, (string Window, int Count, ETag ETag)> _seen = new(StringComparer.Ordinal);
    // Requests of one key in this process count one after another: racing each other on the row's
    // ETag would turn a burst into a storm of 412 retries. Instances still race, and retry, as designed.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);
    private TableClient Table => storage.Table(TableName);

    public async Task<RateLimitDecision> TryAcquireAsync(string keyId, int limit, CancellationToken cancellationToken)
    {
        var turn = _turns.GetOrAdd(keyId, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { return await CountAsync(keyId, limit, cancellationToken).ConfigureAwait(false); }
        finally { turn.Release(); }
    }

    private async Task<RateLimitDecision> CountAsync(string keyId, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windowStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var window = windowStart.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        var reset = windowStart.AddMinutes(1);

        try
        {
            return await Optimistic.RetryAsync(async () =>
            {
                var known = _seen.TryGetValue(keyId, out var seen) ? seen : default;
                if (known.Window == window && known.Count >= limit) return new RateLimitDecision(false, limit, 0, reset);
                var next = known.Window == window ? known.Count + 1 : 1;
                var row = new TableEntity(Partition, keyId) { ["Window"] = window, ["Count"] = next };
                try
                {
                    var written = known.ETag == default
                        ? await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                        : await Table.UpdateEntityAsync(row, known.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    _seen[keyId] = (window, next, written.Headers.ETag.GetValueOrDefault());
                    return new RateLimitDecision(true, limit, Math.Max(0, limit - next), reset);
                }
                catch (RequestFailedException e) when (Optimistic.IsLostRace(e))
                {
                    // Another instance counted first: learn the row as it is now, then try again.
                    var current = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, keyId, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _seen[keyId] = current.HasValue
                        ? (current.Value!.GetString("Window") ?? "", current.Value.GetInt32("Count") ?? 0, current.Value.ETag)
                        : default;
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Heavy contention on one key: refuse rather than risk counting past the budget.
            return new(false, limit, 0, reset);
        }
    }
}
