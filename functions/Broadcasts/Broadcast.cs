using Azure.Data.Tables;

namespace WaFunctions.Broadcasts;

/// <summary>Recipients by outcome. Sent counts every message WhatsApp took (so also the delivered and read ones).</summary>
public sealed record Counts(int Queued, int Sent, int Delivered, int Read, int Failed, int Skipped)
{
    public static readonly Counts Zero = new(0, 0, 0, 0, 0, 0);

    public Counts Plus(Counts d) => new(Queued + d.Queued, Sent + d.Sent, Delivered + d.Delivered, Read + d.Read, Failed + d.Failed, Skipped + d.Skipped);

    public Counts Minus(Counts d) => new(Queued - d.Queued, Sent - d.Sent, Delivered - d.Delivered, Read - d.Read, Failed - d.Failed, Skipped - d.Skipped);

    /// <summary>What one recipient in <paramref name="status"/> contributes.</summary>
    public static Counts Of(string status) => status switch
    {
        RecipientStatus.Queued => new(1, 0, 0, 0, 0, 0),
        RecipientStatus.Sent => new(0, 1, 0, 0, 0, 0),
        RecipientStatus.Delivered => new(0, 1, 1, 0, 0, 0),
        RecipientStatus.Read or RecipientStatus.Played => new(0, 1, 1, 1, 0, 0),
        RecipientStatus.Failed => new(0, 0, 0, 0, 1, 0),
        RecipientStatus.Skipped => new(0, 0, 0, 0, 0, 1),
        _ => Zero,
    };
}

public static class BroadcastStatus
{
    public const string Queued = "queued", Running = "running", Waiting = "waiting", Paused = "paused",
        Completed = "completed", Cancelled = "cancelled", Failed = "failed";

    public static bool IsFinal(string s) => s is Completed or Cancelled or Failed;
}

/// <summary>
/// The state of one broadcast: the row <c>(id, "state")</c> of table <c>broadcasts</c>, next to its recipients
/// <c>(id, "r0000"…)</c>. <see cref="Cursor"/> is the next recipient to take; <see cref="Sending"/> the one taken but
/// not yet handed to the engine (crash recovery resumes it); <see cref="Tick"/> the queue message id of the one live
/// tick — any other tick message is a stale duplicate and is dropped. <see cref="Events"/> counts pause/wait episodes
/// (it makes their webhook event ids).
/// </summary>
public sealed record Broadcast(
    string Id, string Name, string SessionId, string Message, string Status, string? Reason, string? ReasonDetail,
    int Total, int Duplicates, int Cursor, int? Sending, string? Tick, DateTimeOffset? NextSendAt, DateTimeOffset? ScheduledAt,
    Counts Counts, int Events, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>The tick message that claimed <see cref="Sending"/>, and when: only it may finish the send, unless its claim is stale.</summary>
    public string? SendingTick { get; init; }
    public DateTimeOffset? SendingSince { get; init; }

    /// <summary>While waiting: when the wait ends (quiet hours over, next day for the cap, scheduled time, next readiness check).</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    public const string StateRow = "state";

    public int Pending => Math.Max(0, Total - Cursor) + (Sending is null ? 0 : 1);

    internal TableEntity ToEntity() => new(Id, StateRow)
    {
        ["Name"] = Name, ["SessionId"] = SessionId, ["Message"] = Message, ["Status"] = Status, ["Reason"] = Reason,
        ["ReasonDetail"] = ReasonDetail, ["Total"] = Total, ["Duplicates"] = Duplicates, ["Cursor"] = Cursor, ["Sending"] = Sending,
        ["Tick"] = Tick, ["NextSendAt"] = NextSendAt, ["ScheduledAt"] = ScheduledAt,
        ["NQueued"] = Counts.Queued, ["NSent"] = Counts.Sent, ["NDelivered"] = Counts.Delivered, ["NRead"] = Counts.Read,
        ["NFailed"] = Counts.Failed, ["NSkipped"] = Counts.Skipped, ["Events"] = Events,
        ["CreatedAt"] = CreatedAt, ["UpdatedAt"] = UpdatedAt, ["StartedAt"] = StartedAt, ["FinishedAt"] = FinishedAt,
        ["SendingTick"] = SendingTick, ["SendingSince"] = SendingSince, ["ResumeAt"] = ResumeAt,
    };

    internal static Broadcast FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("Name") ?? "", e.GetString("SessionId") ?? "", e.GetString("Message") ?? "",
        e.GetString("Status") ?? BroadcastStatus.Queued, e.GetString("Reason"), e.GetString("ReasonDetail"),
        e.GetInt32("Total") ?? 0, e.GetInt32("Duplicates") ?? 0, e.GetInt32("Cursor") ?? 0, e.GetInt32("Sending"), e.GetString("Tick"),
        e.GetDateTimeOffset("NextSendAt"), e.GetDateTimeOffset("ScheduledAt"),
        new Counts(e.GetInt32("NQueued") ?? 0, e.GetInt32("NSent") ?? 0, e.GetInt32("NDelivered") ?? 0, e.GetInt32("NRead") ?? 0,
            e.GetInt32("NFailed") ?? 0, e.GetInt32("NSkipped") ?? 0),
        e.GetInt32("Events") ?? 0,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("StartedAt"), e.GetDateTimeOffset("FinishedAt"))
    {
        SendingTick = e.GetString("SendingTick"), SendingSince = e.GetDateTimeOffset("SendingSince"), ResumeAt = e.GetDateTimeOffset("ResumeAt"),
    };

    /// <summary>The seed's shape (<c>POST /broadcasts</c>) plus progress.</summary>
    public object View(DateTimeOffset? estimatedFinishAt = null) => new
    {
        id = Id, name = Name, sessionId = SessionId, message = Message, status = Status,
        reason = Reason, reasonDetail = ReasonDetail, total = Total,
        sentCount = Counts.Sent, failedCount = Counts.Failed,
        progress = new
        {
            processed = Cursor, queued = Counts.Queued, sent = Counts.Sent, delivered = Counts.Delivered, read = Counts.Read,
            failed = Counts.Failed, skipped = Counts.Skipped, pending = Pending,
        },
        duplicatesRemoved = Duplicates, scheduledAt = ScheduledAt,
        nextSendAt = BroadcastStatus.IsFinal(Status) || Status == BroadcastStatus.Paused ? null
            : Status == BroadcastStatus.Waiting ? ResumeAt : NextSendAt,
        estimatedFinishAt, createdAt = CreatedAt, updatedAt = UpdatedAt, startedAt = StartedAt, finishedAt = FinishedAt,
    };
}
