using System.Security.Cryptography;
using System.Text;
using WaFunctions.Events;

namespace WaFunctions.Broadcasts;

/// <summary>
/// <c>broadcast.started/paused/completed/failed</c> for webhooks, recorded after the state is stored. Ids derive from the
/// broadcast id, the type and (for pauses) the episode number, so a retried tick records the same id again.
/// </summary>
public sealed class BroadcastEvents(IEventOutbox outbox, TimeProvider clock)
{
    public Task StartedAsync(Broadcast b, CancellationToken ct) =>
        RecordAsync(b, "broadcast.started", "", new { broadcastId = b.Id, name = b.Name, recipients = b.Total }, ct);

    public Task PausedAsync(Broadcast b, DateTimeOffset? resumesAt, CancellationToken ct) =>
        RecordAsync(b, "broadcast.paused", b.Events.ToString(System.Globalization.CultureInfo.InvariantCulture), new
        {
            broadcastId = b.Id, reason = b.Reason, detail = b.ReasonDetail, sent = b.Counts.Sent + b.Counts.Queued, remaining = b.Pending, resumesAt,
        }, ct);

    public Task CompletedAsync(Broadcast b, CancellationToken ct) =>
        RecordAsync(b, "broadcast.completed", "", new { broadcastId = b.Id, sent = b.Counts.Sent + b.Counts.Queued, failed = b.Counts.Failed, skipped = b.Counts.Skipped }, ct);

    public Task FailedAsync(Broadcast b, CancellationToken ct) =>
        RecordAsync(b, "broadcast.failed", "", new { broadcastId = b.Id, error = b.Reason, sent = b.Counts.Sent + b.Counts.Queued, remaining = b.Pending }, ct);

    private Task RecordAsync(Broadcast b, string type, string episode, object data, CancellationToken ct)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{b.Id}\n{type}\n{episode}"));
        return outbox.RecordAsync(new DomainEvent("evt_" + Convert.ToHexStringLower(hash)[..32], type, b.SessionId, clock.GetUtcNow(), data), ct);
    }
}
