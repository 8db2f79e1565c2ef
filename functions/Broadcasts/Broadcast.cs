using Azure.Data.Tables;

namespace WaFunctions.Broadcasts;

/// <summary>Recipients by outcome. Sent counts every message WhatsApp took (so also the delivered and read ones).</summary>
public sealed record Counts(int Queued, int Sent, int Delivered, int Read, int Failed, int Skipped)
{
    public static readonly Counts Zero = new(0, 0, 0, 0, 0, 0);

    public Counts Plus(Counts d) => new(Queued + d.Queued, Sent + d.Sent, Delivered + d.Delivered, Read + d.Read, Failed + d.Failed, Skipped + d.Skipped);

    public Counts Minus(Counts d) => new(Queued - d.Queued, Sent - d.Sent, Delivered - d.Delivered, Read - d.Read, Failed - d.Failed, Skipped - d.Skipped);

    /// <summary>What one recipient in <paramref name="status"/> contributes.</summary>
    /// <summary>Recipients with a final outcome: sent (and later stages), failed or skipped.</summary>
    public int Final => Sent + Failed + Skipped;

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

    public static readonly IReadOnlyList<string> All = [Queued, Running, Waiting, Paused, Completed, Cancelled, Failed];

    public static bool IsFinal(string s) => s is Completed or Cancelled or Failed;
}

/// <summary>
/// The state of one broadcast: the row <c>(id, "state")</c> of table <c>broadcasts</c>, next to its recipients
/// <c>(id, "r0000"…)</c>. Its Durable orchestration (instance id = broadcast id) drives it; this row is what the API
/// shows and what every step decides from. <see cref="Cursor"/> is the next recipient never taken;
/// <see cref="RetriesDue"/> counts recipients sent back to <c>pending</c> by a retryable engine failure (they sit
/// before the cursor). <see cref="Events"/> counts pause/wait episodes (it makes their webhook event ids).
/// </summary>
public sealed record Broadcast(
    string Id, string Name, string SessionId, string Message, string Status, string? Reason, string? ReasonDetail,
    int Total, int Duplicates, int Cursor, int RetriesDue, DateTimeOffset? NextSendAt, DateTimeOffset? ScheduledAt,
    Counts Counts, int Events, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>While waiting: when the wait ends (quiet hours over, next day for the cap, scheduled time, next readiness check).</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    public const string StateRow = "state";

    public int Pending => Math.Max(0, Total - Cursor) + RetriesDue;

    /// <summary>Every recipient has a final outcome (sent, failed or skipped) and the counts add up.</summary>
    public bool AllFinal => Counts.Final == Total && Cursor >= Total && RetriesDue == 0;

    internal TableEntity ToEntity() => new(Id, StateRow)
    {
        ["Name"] = Name, ["SessionId"] = SessionId, ["Message"] = Message, ["Status"] = Status, ["Reason"] = Reason,
        ["ReasonDetail"] = ReasonDetail, ["Total"] = Total, ["Duplicates"] = Duplicates, ["Cursor"] = Cursor, ["RetriesDue"] = RetriesDue,
        ["NextSendAt"] = NextSendAt, ["ScheduledAt"] = ScheduledAt,
        ["NQueued"] = Counts.Queued, ["NSent"] = Counts.Sent, ["NDelivered"] = Counts.Delivered, ["NRead"] = Counts.Read,
        ["NFailed"] = Counts.Failed, ["NSkipped"] = Counts.Skipped, ["Events"] = Events,
        ["CreatedAt"] = CreatedAt, ["UpdatedAt"] = UpdatedAt, ["StartedAt"] = StartedAt, ["FinishedAt"] = FinishedAt, ["ResumeAt"] = ResumeAt,
    };

    internal static Broadcast FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("Name") ?? "", e.GetString("SessionId") ?? "", e.GetString("Message") ?? "",
        e.GetString("Status") ?? BroadcastStatus.Queued, e.GetString("Reason"), e.GetString("ReasonDetail"),
        e.GetInt32("Total") ?? 0, e.GetInt32("Duplicates") ?? 0, e.GetInt32("Cursor") ?? 0, e.GetInt32("RetriesDue") ?? 0,
        e.GetDateTimeOffset("NextSendAt"), e.GetDateTimeOffset("ScheduledAt"),
        new Counts(e.GetInt32("NQueued") ?? 0, e.GetInt32("NSent") ?? 0, e.GetInt32("NDelivered") ?? 0, e.GetInt32("NRead") ?? 0,
            e.GetInt32("NFailed") ?? 0, e.GetInt32("NSkipped") ?? 0),
        e.GetInt32("Events") ?? 0,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("StartedAt"), e.GetDateTimeOffset("FinishedAt"))
    {
        ResumeAt = e.GetDateTimeOffset("ResumeAt"),
    };

    /// <summary>The seed's shape (<c>POST /broadcasts</c>) plus progress.</summary>
    internal BroadcastView View(DateTimeOffset? estimatedFinishAt = null) => new(Id, Name, SessionId, Message, Status, Reason, ReasonDetail, Total,
        Counts.Sent, Counts.Failed,
        new BroadcastProgressView(Cursor - RetriesDue, Counts.Queued, Counts.Sent, Counts.Delivered, Counts.Read, Counts.Failed, Counts.Skipped, Pending),
        Duplicates, ScheduledAt,
        BroadcastStatus.IsFinal(Status) || Status == BroadcastStatus.Paused ? null : Status == BroadcastStatus.Waiting ? ResumeAt : NextSendAt,
        estimatedFinishAt, CreatedAt, UpdatedAt, StartedAt, FinishedAt);
}

/// <summary>
/// A broadcast as the API shows it: the contract's fields (id, name, sessionId, message, status, total, sentCount,
/// failedCount), why it waits or failed (<see cref="Reason"/>), its progress by recipient status, and when it sends next
/// and is expected to finish (only on <c>GET /broadcasts/{id}</c>).
/// </summary>
internal sealed record BroadcastView(string Id, string Name, string SessionId, string Message,
    [property: OpenApi.Choices(typeof(BroadcastStatus), nameof(BroadcastStatus.All))] string Status, string? Reason, string? ReasonDetail,
    int Total, int SentCount, int FailedCount, BroadcastProgressView Progress, int DuplicatesRemoved, DateTimeOffset? ScheduledAt,
    DateTimeOffset? NextSendAt, DateTimeOffset? EstimatedFinishAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt) : OpenApi.IHasExample
{
    /// <summary>The contract's example broadcast, just queued.</summary>
    public static object Example => new BroadcastView("b_5e4d3c", "October offer", "n1a2b3c", "Hi {{name}}, here is 10% off this week.",
        BroadcastStatus.Queued, null, null, 1, 0, 0, new BroadcastProgressView(0, 0, 0, 0, 0, 0, 0, 1), 0, null, null, null,
        new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), null, null);
}

/// <summary>Recipients by where they are: processed so far, then counts by status; pending ones are still to send.</summary>
internal sealed record BroadcastProgressView(int Processed, int Queued, int Sent, int Delivered, int Read, int Failed, int Skipped, int Pending);
