using WaFunctions.Inbox.Routing;

namespace WaFunctions.Tests.Inbox;

public sealed class BusinessHoursTests
{
    // Mon–Fri 09:00–13:00 and 14:00–18:00 in India; Saturday mornings; 2026-01-26 (a Monday) is a holiday.
    private static readonly BusinessHours India = new("Asia/Kolkata", new Dictionary<string, IReadOnlyList<TimeRange>>
    {
        ["mon"] = [new("09:00", "13:00"), new("14:00", "18:00")], ["tue"] = [new("09:00", "13:00"), new("14:00", "18:00")],
        ["wed"] = [new("09:00", "13:00"), new("14:00", "18:00")], ["thu"] = [new("09:00", "13:00"), new("14:00", "18:00")],
        ["fri"] = [new("09:00", "13:00"), new("14:00", "18:00")], ["sat"] = [new("10:00", "12:00")],
    }, [new DateOnly(2026, 1, 26)]);

    private static DateTimeOffset Ist(int day, int hour, int minute) => new(2026, 1, day, hour, minute, 0, TimeSpan.FromHours(5.5));

    [Theory]
    [InlineData(20, 9, 0, true)]    // Tuesday, opening minute
    [InlineData(20, 12, 59, true)]
    [InlineData(20, 13, 0, false)]  // lunch: end is exclusive
    [InlineData(20, 14, 0, true)]
    [InlineData(20, 18, 0, false)]
    [InlineData(24, 11, 0, true)]   // Saturday morning
    [InlineData(25, 11, 0, false)]  // Sunday
    [InlineData(26, 11, 0, false)]  // holiday Monday
    public void Open_follows_the_local_ranges_days_and_holidays(int day, int hour, int minute, bool open) =>
        Assert.Equal(open, BusinessHoursMath.IsOpen(India, Ist(day, hour, minute)));

    [Fact]
    public void An_off_hours_period_is_named_by_the_next_opening_and_is_the_same_throughout()
    {
        Assert.Null(BusinessHoursMath.Period(India, Ist(20, 10, 0)));
        // Tuesday evening to Wednesday 09:00 is one period; lunch is another.
        var evening = BusinessHoursMath.Period(India, Ist(20, 18, 0));
        Assert.Equal(Ist(21, 9, 0).ToUnixTimeSeconds().ToString(), evening);
        Assert.Equal(evening, BusinessHoursMath.Period(India, Ist(21, 3, 0)));
        Assert.Equal(Ist(20, 14, 0).ToUnixTimeSeconds().ToString(), BusinessHoursMath.Period(India, Ist(20, 13, 30)));
        // Saturday noon to Tuesday 09:00, across Sunday and the holiday Monday.
        Assert.Equal(Ist(27, 9, 0).ToUnixTimeSeconds().ToString(), BusinessHoursMath.Period(India, Ist(24, 12, 0)));
        Assert.Equal(BusinessHoursMath.Period(India, Ist(24, 12, 0)), BusinessHoursMath.Period(India, Ist(26, 16, 0)));
    }

    [Fact]
    public void Hours_that_never_open_are_one_period_and_24_00_ends_the_day()
    {
        var never = new BusinessHours("UTC", new Dictionary<string, IReadOnlyList<TimeRange>>(), []);
        Assert.Equal("never", BusinessHoursMath.Period(never, DateTimeOffset.UtcNow));
        var allDay = new BusinessHours("UTC", new Dictionary<string, IReadOnlyList<TimeRange>> { ["fri"] = [new("00:00", "24:00")] }, []);
        Assert.True(BusinessHoursMath.IsOpen(allDay, new DateTimeOffset(2026, 1, 23, 23, 59, 59, TimeSpan.Zero)));
        Assert.False(BusinessHoursMath.IsOpen(allDay, new DateTimeOffset(2026, 1, 24, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1440, BusinessHoursMath.Minutes("24:00"));
        Assert.Equal(-1, BusinessHoursMath.Minutes("24:30"));
        Assert.Equal(-1, BusinessHoursMath.Minutes("9:00"));
    }

    [Fact]
    public void A_day_skipped_by_daylight_saving_still_opens()
    {
        // Berlin jumps from 02:00 to 03:00 on 29 March 2026; hours from 02:30 open at 03:00.
        var berlin = new BusinessHours("Europe/Berlin", new Dictionary<string, IReadOnlyList<TimeRange>> { ["sun"] = [new("02:30", "05:00")] }, []);
        var before = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero); // 01:30 CET
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(), BusinessHoursMath.Period(berlin, before));
    }
}
