using WaFunctions.Broadcasts.Pacing;

namespace WaFunctions.Broadcasts;

/// <summary>
/// When a broadcast should finish if nothing changes: the pending recipients at the mean delay, starting at the next
/// send, spilling into later days when today's remaining cap (and then each day's cap) is used up, each later day
/// starting when its quiet hours end. Ignores other broadcasts and direct sends of the number after now.
/// </summary>
public static class Estimate
{
    public static DateTimeOffset FinishAt(Broadcast b, PacingSettings pacing, DateTimeOffset now, int sentToday)
    {
        var mean = TimeSpan.FromSeconds((pacing.MinDelaySeconds + pacing.MaxDelaySeconds) / 2);
        var zone = PacingMath.Zone(pacing.TimeZone);
        var next = b.Status == BroadcastStatus.Waiting ? b.ResumeAt : b.NextSendAt;
        var start = next is { } n && n > now ? n : now;
        var remaining = b.Pending;
        var fallback = DateOnly.FromDateTime(PacingMath.Local(b.CreatedAt, zone));
        var day = DateOnly.FromDateTime(PacingMath.Local(start, zone));
        var left = Math.Max(0, PacingMath.CapFor(pacing, day, fallback) - sentToday);
        for (var guard = 0; guard < 400; guard++)
        {
            var today = Math.Min(left, remaining);
            if (today == remaining) return start + mean * Math.Max(0, today - 1);
            remaining -= today;
            start = PacingMath.NextDayStart(start, zone);
            start = PacingMath.QuietUntil(start, pacing.QuietHours) ?? start;
            day = DateOnly.FromDateTime(PacingMath.Local(start, zone));
            left = PacingMath.CapFor(pacing, day, fallback);
        }
        return start;
    }
}
