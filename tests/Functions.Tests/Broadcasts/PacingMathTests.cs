using WaFunctions.Broadcasts.Pacing;

namespace WaFunctions.Tests.Broadcasts;

public class PacingMathTests
{
    private static readonly QuietHours NightInKolkata = new(true, new TimeOnly(22, 0), new TimeOnly(7, 30), "Asia/Kolkata");

    [Fact]
    public void Delays_stay_within_bounds_vary_and_are_roughly_uniform()
    {
        var random = new Random(12345);
        var samples = Enumerable.Range(0, 20_000).Select(_ => PacingMath.SampleDelay(10, 30, random).TotalSeconds).ToList();
        Assert.All(samples, s => Assert.InRange(s, 10, 30));
        Assert.True(samples.Distinct().Count() > 19_000, "delays must not repeat like a constant");
        // Ten equal buckets: each within 10% of the expected 2000 (a chi-square of ~16.9 is the 5% critical value for 9 df).
        var buckets = samples.GroupBy(s => Math.Min(9, (int)((s - 10) / 2))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, buckets.Count);
        var chi = buckets.Values.Sum(n => Math.Pow(n - 2000, 2) / 2000);
        Assert.True(chi < 21.7, $"chi-square {chi:0.0} says the delays are not uniform"); // 1% critical value, 9 df
        Assert.InRange(samples.Average(), 19.7, 20.3);
    }

    [Fact]
    public void Equal_bounds_give_that_delay()
    {
        Assert.Equal(5, PacingMath.SampleDelay(5, 5, new Random(1)).TotalSeconds, 6);
    }

    [Fact]
    public void Asia_Kolkata_is_available_on_this_machine()
    {
        var zone = PacingMath.Zone("Asia/Kolkata");
        Assert.Equal(TimeSpan.FromHours(5.5), zone.GetUtcOffset(DateTime.UtcNow));
    }

    [Theory]
    [InlineData("2025-07-01T16:29:00Z", false)] // 21:59 IST
    [InlineData("2025-07-01T16:30:00Z", true)]  // 22:00 IST: quiet starts
    [InlineData("2025-07-01T20:00:00Z", true)]  // 01:30 IST, after midnight
    [InlineData("2025-07-02T01:59:00Z", true)]  // 07:29 IST
    [InlineData("2025-07-02T02:00:00Z", false)] // 07:30 IST: quiet ends
    [InlineData("2025-07-02T08:00:00Z", false)] // 13:30 IST
    public void Quiet_hours_across_midnight_in_a_non_UTC_zone(string utc, bool quiet)
    {
        var until = PacingMath.QuietUntil(DateTimeOffset.Parse(utc), NightInKolkata);
        Assert.Equal(quiet, until is not null);
        if (until is { } u) Assert.Equal(DateTimeOffset.Parse("2025-07-02T02:00:00Z"), u); // 07:30 IST the next morning
    }

    [Fact]
    public void Quiet_hours_within_one_day_and_disabled()
    {
        var lunch = new QuietHours(true, new TimeOnly(12, 0), new TimeOnly(13, 0), "UTC");
        Assert.Equal(DateTimeOffset.Parse("2025-07-01T13:00:00Z"), PacingMath.QuietUntil(DateTimeOffset.Parse("2025-07-01T12:30:00Z"), lunch));
        Assert.Null(PacingMath.QuietUntil(DateTimeOffset.Parse("2025-07-01T13:00:00Z"), lunch));
        Assert.Null(PacingMath.QuietUntil(DateTimeOffset.Parse("2025-07-01T12:30:00Z"), lunch with { Enabled = false }));
    }

    [Fact]
    public void The_calendar_day_is_the_session_zones()
    {
        var zone = PacingMath.Zone("Asia/Kolkata");
        Assert.Equal("2025-07-02", PacingMath.DayKey(DateTimeOffset.Parse("2025-07-01T18:30:00Z"), zone)); // 00:00 IST
        Assert.Equal("2025-07-01", PacingMath.DayKey(DateTimeOffset.Parse("2025-07-01T18:29:59Z"), zone));
        Assert.Equal(DateTimeOffset.Parse("2025-07-01T18:30:00Z"), PacingMath.NextDayStart(DateTimeOffset.Parse("2025-07-01T10:00:00Z"), zone));
    }

    [Fact]
    public void Next_day_start_across_a_DST_change()
    {
        var ny = PacingMath.Zone("America/New_York");
        // 2025-03-09 is 23 hours long in New York; midnight after it is 04:00Z (EDT), midnight before 05:00Z (EST).
        Assert.Equal(DateTimeOffset.Parse("2025-03-10T04:00:00Z"), PacingMath.NextDayStart(DateTimeOffset.Parse("2025-03-09T12:00:00Z"), ny));
    }

    [Fact]
    public void The_warm_up_ramp_lowers_the_cap_while_it_lasts()
    {
        var pacing = PacingSettings.Default with { DailyCap = 100, Warmup = new Warmup(true, new DateOnly(2025, 7, 1), [10, 20, 500]) };
        Assert.Equal(10, PacingMath.CapFor(pacing, new DateOnly(2025, 7, 1), default));
        Assert.Equal(20, PacingMath.CapFor(pacing, new DateOnly(2025, 7, 2), default));
        Assert.Equal(100, PacingMath.CapFor(pacing, new DateOnly(2025, 7, 3), default)); // never above the daily cap
        Assert.Equal(100, PacingMath.CapFor(pacing, new DateOnly(2025, 7, 4), default));
        Assert.Equal(100, PacingMath.CapFor(pacing with { Warmup = pacing.Warmup with { Enabled = false } }, new DateOnly(2025, 7, 1), default));
        // Without a start date the ramp starts the day the session was created.
        var unstarted = pacing with { Warmup = pacing.Warmup with { StartDate = null } };
        Assert.Equal(20, PacingMath.CapFor(unstarted, new DateOnly(2025, 8, 2), new DateOnly(2025, 8, 1)));
    }

    [Theory]
    [InlineData(0.0, 0, 0)]
    [InlineData(0.4, 0, 400)]     // under a second: waited in the handler
    [InlineData(1.0, 1000, 0)]
    [InlineData(12.7, 12000, 0)] // whole seconds by queue visibility; the rest waited when the tick arrives
    [InlineData(-3, 0, 0)]
    public void Scheduling_splits_a_wait_into_queue_visibility_and_an_in_process_rest(double seconds, int visibilityMs, int inProcessMs)
    {
        var now = DateTimeOffset.Parse("2025-07-01T00:00:00Z");
        var (visibility, inProcess) = PacingMath.Split(now, now.AddSeconds(seconds));
        Assert.Equal(visibilityMs, visibility.TotalMilliseconds, 3);
        Assert.Equal(inProcessMs, inProcess.TotalMilliseconds, 3);
    }

    [Fact]
    public void Typing_time_grows_with_length_within_bounds()
    {
        Assert.Equal(1000, PacingMath.TypingMs("hi"));
        Assert.Equal(3000, PacingMath.TypingMs(new string('x', 50)));
        Assert.Equal(8000, PacingMath.TypingMs(new string('x', 4000)));
    }
}
