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
        RecordAsync(b, "broadcast.started", "", new BroadcastStartedEventData(b.Id, b.Name, b.Total), ct);

    public Task PausedAsync(Broadcast b, DateTimeOffset? resumesAt, CancellationToken ct) =>
        RecordAsync(b, "broadcast.paused", b.Events.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new BroadcastPausedEventData(b.Id, b.Reason ?? "", b.ReasonDetail, b.Counts.Sent + b.Counts.Queued, b.Pending, resumesAt), ct);

    public Task CompletedAsync(Broadcast b, CancellationToken ct) =>
        RecordAsync(b, "broadcast.completed", "", new BroadcastCompletedEventData(b.Id, b.Counts.Sent + b.Counts.Queued, b.Counts.Failed, b.Counts.Skipped), ct);

    public Task FailedAsync(Broadcast b, CancellationToken ct) =>
        RecordAsync(b, "broadcast.failed", "", new BroadcastFailedEventData(b.Id, b.Reason ?? "", b.Counts.Sent + b.Counts.Queued, b.Pending), ct);

    private Task RecordAsync(Broadcast b, string type, string episode, object data, CancellationToken ct)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{b.Id}\n{type}\n{episode}"));
        return outbox.RecordAsync(new DomainEvent("evt_" + Convert.ToHexStringLower(hash)[..32], type, b.SessionId, clock.GetUtcNow(), data), ct);
    }
}

/// <summary><c>broadcast.started</c>: the broadcast handed its first message to the engine.</summary>
public sealed record BroadcastStartedEventData(string BroadcastId, string Name, int Recipients);

/// <summary>
/// <c>broadcast.paused</c>: <see cref="Reason"/> <c>requested</c> (<see cref="ResumesAt"/> null until resumed),
/// <c>daily_cap</c>, <c>quiet_hours</c> or <c>session_not_ready</c>; <see cref="Sent"/> counts messages handed to the engine.
/// </summary>
public sealed record BroadcastPausedEventData(string BroadcastId, string Reason, string? Detail, int Sent, int Remaining, DateTimeOffset? ResumesAt);

/// <summary><c>broadcast.completed</c>: every recipient has a final outcome; the counts at that moment.</summary>
public sealed record BroadcastCompletedEventData(string BroadcastId, int Sent, int Failed, int Skipped);

/// <summary><c>broadcast.failed</c>: stopped for good (<see cref="Error"/> <c>session_deleted</c>).</summary>
public sealed record BroadcastFailedEventData(string BroadcastId, string Error, int Sent, int Remaining);
