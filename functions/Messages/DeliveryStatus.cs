namespace WaFunctions.Messages;

/// <summary>
/// The delivery status of an outbound message and how reports combine. Reports arrive out of order
/// (a receipt may overtake the send report), so a status only moves forward:
/// queued &lt; sent &lt; delivered &lt; read &lt; played. <c>delivered</c> and later prove the message arrived
/// and beat <c>failed</c>; between <c>sent</c> and <c>failed</c> the report with the higher engine seq wins
/// (a retried send after a retryable failure, or a failure receipt after the send).
/// </summary>
public static class DeliveryStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Played = "played";
    public const string Failed = "failed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Queued, Sent, Delivered, Read, Played, Failed };

    private static int Rank(string status) => status switch
    {
        Queued => 0,
        Sent or Failed => 1,
        Delivered => 2,
        Read => 3,
        Played => 4,
        _ => -1,
    };

    /// <summary>Whether a report of <paramref name="incoming"/> (engine seq <paramref name="incomingSeq"/>) replaces <paramref name="current"/>.</summary>
    public static bool Replaces(string current, long currentSeq, string incoming, long incomingSeq)
    {
        if (Rank(incoming) < 0 || incoming == current) return false;
        var (rc, ri) = (Rank(current), Rank(incoming));
        if (ri != rc) return ri > rc;
        return incomingSeq > currentSeq; // sent vs failed: the later report wins
    }
}
