using WaFunctions.LocalHost;

namespace WaFunctions.Tests;

public class NcrontabScheduleTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    private static DateTimeOffset Next(string expression, DateTimeOffset after) => NcrontabSchedule.Parse(expression).GetNextOccurrence(after);

    [Theory]
    [InlineData("* * * * *")]             // five fields: classic cron, no seconds
    [InlineData("* * * * * * *")]
    [InlineData("")]
    [InlineData("60 * * * * *")]          // second out of range
    [InlineData("* 60 * * * *")]
    [InlineData("* * 24 * * *")]
    [InlineData("* * * 0 * *")]           // day starts at 1
    [InlineData("* * * 32 * *")]
    [InlineData("* * * * 0 *")]           // month starts at 1
    [InlineData("* * * * 13 *")]
    [InlineData("* * * * * 7")]           // day of week is 0-6
    [InlineData("-1 * * * * *")]
    [InlineData("5-1 * * * * *")]         // reversed range
    [InlineData("*/0 * * * * *")]         // zero step
    [InlineData("*/-5 * * * * *")]
    [InlineData("*/x * * * * *")]
    [InlineData("1/2/3 * * * * *")]
    [InlineData("a * * * * *")]
    [InlineData("1,,2 * * * * *")]
    [InlineData("5- * * * * *")]
    [InlineData("MON * * * * *")]
    public void Parse_RejectsMalformed(string expression) =>
        Assert.Throws<FormatException>(() => NcrontabSchedule.Parse(expression));

    [Theory]
    [InlineData("0 0 0 1 1 *")]
    [InlineData("0-59 0-59 0-23 1-31 1-12 0-6")]
    [InlineData("*/5 1,2,3 1-10/3 * * *")]
    [InlineData("  0   */15 * * * *  ")]
    public void Parse_AcceptsWellFormed(string expression) => Assert.NotNull(NcrontabSchedule.Parse(expression));

    [Fact]
    public void EveryFiveSeconds()
    {
        Assert.Equal(Utc(2025, 6, 29, 10, 15, 5), Next("*/5 * * * * *", Utc(2025, 6, 29, 10, 15, 0)));
        Assert.Equal(Utc(2025, 6, 29, 10, 15, 5), Next("*/5 * * * * *", Utc(2025, 6, 29, 10, 15, 3)));
        Assert.Equal(Utc(2025, 6, 29, 10, 16, 0), Next("*/5 * * * * *", Utc(2025, 6, 29, 10, 15, 55)));
    }

    [Fact]
    public void EveryQuarterHour()
    {
        Assert.Equal(Utc(2025, 6, 29, 10, 15, 0), Next("0 */15 * * * *", Utc(2025, 6, 29, 10, 0, 0)));
        Assert.Equal(Utc(2025, 6, 29, 11, 0, 0), Next("0 */15 * * * *", Utc(2025, 6, 29, 10, 45, 0)));
        Assert.Equal(Utc(2025, 6, 30, 0, 0, 0), Next("0 */15 * * * *", Utc(2025, 6, 29, 23, 59, 59)));
    }

    [Fact]
    public void WeekdayMornings_FridayRollsOverToMonday()
    {
        const string schedule = "0 30 9 * * 1-5";
        // Friday 27 June 2025 after 09:30 → Monday 30 June.
        Assert.Equal(Utc(2025, 6, 30, 9, 30, 0), Next(schedule, Utc(2025, 6, 27, 9, 30, 0)));
        Assert.Equal(Utc(2025, 6, 30, 9, 30, 0), Next(schedule, Utc(2025, 6, 28, 12, 0, 0))); // Saturday
        // Friday before 09:30 → that same Friday.
        Assert.Equal(Utc(2025, 6, 27, 9, 30, 0), Next(schedule, Utc(2025, 6, 27, 9, 29, 59)));
        Assert.Equal(DayOfWeek.Monday, Next(schedule, Utc(2025, 6, 27, 10, 0, 0)).DayOfWeek);
    }

    [Fact]
    public void NewYear()
    {
        Assert.Equal(Utc(2026, 1, 1), Next("0 0 0 1 1 *", Utc(2025, 6, 29, 10, 15, 0)));
        Assert.Equal(Utc(2027, 1, 1), Next("0 0 0 1 1 *", Utc(2026, 1, 1)));
    }

    [Fact]
    public void ListOfHours()
    {
        Assert.Equal(Utc(2025, 6, 29, 6, 0, 0), Next("0 0 6,18 * * *", Utc(2025, 6, 29, 0, 0, 0)));
        Assert.Equal(Utc(2025, 6, 29, 18, 0, 0), Next("0 0 6,18 * * *", Utc(2025, 6, 29, 6, 0, 0)));
        Assert.Equal(Utc(2025, 6, 30, 6, 0, 0), Next("0 0 6,18 * * *", Utc(2025, 6, 29, 18, 0, 0)));
    }

    [Fact]
    public void RangeWithStepAndSingleWithStep()
    {
        // 1-10/3 → 1,4,7,10; 50/5 → 50,55.
        var hours = new List<int>();
        var t = Utc(2025, 1, 1);
        for (var i = 0; i < 4; i++) hours.Add((t = Next("0 0 1-10/3 * * *", t)).Hour);
        Assert.Equal([1, 4, 7, 10], hours);
        Assert.Equal(Utc(2025, 1, 1, 0, 0, 55), Next("50/5 * * * * *", Utc(2025, 1, 1, 0, 0, 50)));
        Assert.Equal(Utc(2025, 1, 1, 0, 1, 50), Next("50/5 * * * * *", Utc(2025, 1, 1, 0, 0, 55)));
    }

    [Fact]
    public void LeapDayAndMonthEnd()
    {
        Assert.Equal(Utc(2028, 2, 29), Next("0 0 0 29 2 *", Utc(2025, 3, 1)));
        Assert.Equal(Utc(2025, 7, 31), Next("0 0 0 31 * *", Utc(2025, 6, 1)));
    }

    [Fact]
    public void NeverFiringScheduleThrows() =>
        Assert.Throws<InvalidOperationException>(() => Next("0 0 0 30 2 *", Utc(2025, 1, 1)));

    [Fact]
    public void NextIsStrictlyAfterTheInstant()
    {
        var schedule = NcrontabSchedule.Parse("* * * * * *");
        var at = Utc(2025, 6, 29, 10, 15, 0);
        Assert.Equal(at.AddSeconds(1), schedule.GetNextOccurrence(at));
        var fiveSecond = NcrontabSchedule.Parse("*/5 * * * * *");
        var t = at;
        for (var i = 0; i < 50; i++)
        {
            var next = fiveSecond.GetNextOccurrence(t);
            Assert.True(next > t);
            Assert.Equal(0, next.Second % 5);
            Assert.Equal(t.AddSeconds(5), next);
            t = next;
        }
    }

    [Fact]
    public void SubSecondInputsRoundUpToTheNextWholeSecond()
    {
        var every = NcrontabSchedule.Parse("* * * * * *");
        Assert.Equal(Utc(2025, 6, 29, 10, 15, 1), every.GetNextOccurrence(Utc(2025, 6, 29, 10, 15, 0).AddTicks(1)));
        Assert.Equal(Utc(2025, 6, 29, 10, 15, 1), every.GetNextOccurrence(Utc(2025, 6, 29, 10, 15, 0).AddMilliseconds(999.9)));
        // 10:14:59.5 → the 10:15:00 occurrence is still strictly after it.
        Assert.Equal(Utc(2025, 6, 29, 10, 15, 0), Next("0 * * * * *", Utc(2025, 6, 29, 10, 14, 59).AddMilliseconds(500)));
        var result = every.GetNextOccurrence(Utc(2025, 6, 29, 10, 15, 0).AddMilliseconds(250));
        Assert.Equal(0, result.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void EvaluatedInUtcRegardlessOfInputOffset()
    {
        // 11:00+02:00 is 09:00 UTC, so the 09:30 UTC slot on the same (Friday) date is next.
        var after = new DateTimeOffset(2025, 6, 27, 11, 0, 0, TimeSpan.FromHours(2));
        var next = Next("0 30 9 * * 1-5", after);
        Assert.Equal(Utc(2025, 6, 27, 9, 30, 0), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }
}
