namespace WaFunctions.Broadcasts.Pacing;

/// <summary>The pure rules of pacing: delays, quiet hours, calendar days and the cap of a day. No I/O, no clock of its own.</summary>
public static class PacingMath
{
    /// <summary>A delay drawn uniformly from [min, max] seconds.</summary>
    public static TimeSpan SampleDelay(double minSeconds, double maxSeconds, Random random) =>
        TimeSpan.FromSeconds(minSeconds + random.NextDouble() * (maxSeconds - minSeconds));

    /// <summary>How long "typing…" shows before a text: grows with its length (60 ms a character), 1 to 8 seconds.</summary>
    public static int TypingMs(string text) => Math.Clamp(text.Length * 60, 1000, 8000);

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static DateTime Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    /// <summary>The calendar day of <paramref name="at"/> in the session's time zone: the daily cap's RowKey.</summary>
    public static string DayKey(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(Local(at, zone)).ToString("yyyy-MM-dd");

    /// <summary>Whether local time <paramref name="t"/> lies in [start, end) — a window with start &gt; end crosses midnight.</summary>
    public static bool InWindow(TimeOnly t, TimeOnly start, TimeOnly end) =>
        start == end ? false : start < end ? t >= start && t < end : t >= start || t < end;

    /// <summary>Null when sending is allowed at <paramref name="at"/>; otherwise the instant quiet hours end.</summary>
    public static DateTimeOffset? QuietUntil(DateTimeOffset at, QuietHours quiet)
    {
        if (!quiet.Enabled) return null;
        var zone = Zone(quiet.TimeZone);
        var local = Local(at, zone);
        if (!InWindow(TimeOnly.FromDateTime(local), quiet.Start, quiet.End)) return null;
        var endDay = TimeOnly.FromDateTime(local) < quiet.End ? local.Date : local.Date.AddDays(1);
        return AtLocal(endDay + quiet.End.ToTimeSpan(), zone);
    }

    /// <summary>The first instant of the next calendar day in <paramref name="zone"/> (when a reached daily cap frees up).</summary>
    public static DateTimeOffset NextDayStart(DateTimeOffset at, TimeZoneInfo zone) => AtLocal(Local(at, zone).Date.AddDays(1), zone);

    /// <summary>A local wall-clock time as an instant; a time skipped by a DST jump moves forward to the first valid one.</summary>
    public static DateTimeOffset AtLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>
    /// The calendar day of <paramref name="at"/> in the number's pacing time zone (the daily counter's key) and its cap;
    /// the warm-up ramp starts at <c>warmup.startDate</c>, else on the day the number was added (<paramref name="sessionCreatedAt"/>).
    /// </summary>
    public static (string Day, int Cap) CapOn(PacingSettings pacing, DateTimeOffset sessionCreatedAt, DateTimeOffset at)
    {
        var zone = Zone(pacing.TimeZone);
        var day = DayKey(at, zone);
        return (day, CapFor(pacing, DateOnly.ParseExact(day, "yyyy-MM-dd"), DateOnly.FromDateTime(Local(sessionCreatedAt, zone))));
    }

    /// <summary>The cap for the calendar day <paramref name="day"/>: the daily cap, lowered by the warm-up ramp while it lasts.</summary>
    public static int CapFor(PacingSettings pacing, DateOnly day, DateOnly fallbackStart)
    {
        if (!pacing.Warmup.Enabled || pacing.Warmup.Ramp.Count == 0) return pacing.DailyCap;
        var index = day.DayNumber - (pacing.Warmup.StartDate ?? fallbackStart).DayNumber;
        return index < 0 || index >= pacing.Warmup.Ramp.Count ? pacing.DailyCap : Math.Min(pacing.DailyCap, pacing.Warmup.Ramp[index]);
    }

    /// <summary>
    /// How a wake-up <paramref name="due"/> is reached from <paramref name="now"/>: the whole seconds go into the queue
    /// message's visibility (the queue's granularity), the rest the handler waits in-process before acting.
    /// </summary>
    public static (TimeSpan Visibility, TimeSpan InProcess) Split(DateTimeOffset now, DateTimeOffset due)
    {
        var wait = due - now;
        if (wait <= TimeSpan.Zero) return (TimeSpan.Zero, TimeSpan.Zero);
        var visibility = TimeSpan.FromSeconds(Math.Min(Math.Floor(wait.TotalSeconds), 6 * 24 * 3600)); // queue maximum is 7 days
        return (visibility, visibility > TimeSpan.Zero ? TimeSpan.Zero : wait);
    }
}
