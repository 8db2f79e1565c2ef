using Azure;
using WaFunctions.Hosting;

namespace WaFunctions.Broadcasts.Tick;

/// <summary>
/// Every 30 s, looks at the newest broadcasts for one whose live tick is lost: it should have ticked more than
/// <see cref="BroadcastSettings.StallGrace"/> ago and nothing has touched it since (a tick moved to the poison queue
/// after repeated failures, expired, or was deleted by hand). It gets a fresh tick, adopted under the state's ETag, so
/// "nothing lost" holds even when a tick message is. Safe against a tick that is merely slow: adopting a new tick
/// makes the old one stale (dropped when it arrives), and a recipient it had claimed is taken over only after the
/// claim lease, exactly as after a crash. Storage per run: one index query, one point read per listed broadcast, and
/// one queue send + one conditional replace per stalled one.
/// </summary>
internal sealed class BroadcastWatchdog(BroadcastStore store, BroadcastTicks ticks, BroadcastSettings settings, TimeProvider clock,
    ILogger<BroadcastWatchdog> logger) : ITimerHandler
{
    /// <summary>Broadcasts checked per run, newest first; older ones are long finished in practice.</summary>
    public const int Scanned = 100;
    public static readonly TimerFunction Definition = new("BroadcastWatchdog", "*/30 * * * * *", typeof(BroadcastWatchdog));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (rows, _) = await store.ListAsync(null, Scanned, cancellationToken).ConfigureAwait(false);
        foreach (var id in rows.Select(r => r.GetString("BroadcastId")).OfType<string>())
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not var (b, etag) || !IsStalled(b, clock.GetUtcNow(), settings)) continue;
            var tick = await ticks.SendAsync(b.Id, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            try
            {
                await store.ReplaceAsync(b with { Tick = tick }, etag, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("Broadcast {Id} had no tick since {Updated:O}; gave it a new one", b.Id, b.UpdatedAt);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404) { /* it moved meanwhile: not stalled after all */ }
        }
    }

    /// <summary>Active, and its latest reason to act (last change, next send, resume, schedule, claim lease) is long past.</summary>
    internal static bool IsStalled(Broadcast b, DateTimeOffset now, BroadcastSettings settings)
    {
        if (b.Status is not (BroadcastStatus.Queued or BroadcastStatus.Running or BroadcastStatus.Waiting)) return false;
        DateTimeOffset?[] moments = [b.UpdatedAt, b.NextSendAt, b.ResumeAt, b.ScheduledAt, b.SendingSince + settings.ClaimLease];
        return moments.Max() + settings.StallGrace < now;
    }
}
