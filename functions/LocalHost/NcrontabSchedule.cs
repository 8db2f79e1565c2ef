namespace WaFunctions.LocalHost;

/// <summary>
/// The Functions timer's schedule format: six fields (second minute hour day month day-of-week),
/// each <c>*</c>, a number, a range <c>a-b</c>, a list <c>a,b</c> or a step <c>*/n</c> / <c>a-b/n</c>.
/// Evaluated in UTC.
/// </summary>
public sealed class NcrontabSchedule
{
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
    private readonly bool[][] _allowed;

    private NcrontabSchedule(bool[][] allowed) => _allowed = allowed;

    public static NcrontabSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6) throw new FormatException($"'{expression}' must have six fields: second minute hour day month day-of-week.");
        return new NcrontabSchedule(fields.Select((f, i) => ParseField(f, Ranges[i].Min, Ranges[i].Max, expression)).ToArray());
    }

    private static bool[] ParseField(string field, int min, int max, string expression)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"Bad step in '{expression}'."),
            };
            var (from, to) = range switch
            {
                "*" => (min, max),
                _ when range.Split('-') is [var a, var b] && int.TryParse(a, out var lo) && int.TryParse(b, out var hi) => (lo, hi),
                _ when int.TryParse(range, out var single) => (single, step > 1 ? max : single),
                _ => throw new FormatException($"Bad field '{part}' in '{expression}'."),
            };
            if (from < min || to > max || from > to) throw new FormatException($"'{part}' is outside {min}-{max} in '{expression}'.");
            for (var v = from; v <= to; v += step) allowed[v] = true;
        }
        return allowed;
    }

    /// <summary>The first whole second strictly after <paramref name="after"/> that matches.</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.UtcDateTime.Ticks - after.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_allowed[4][t.Month]) { t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1); continue; }
            if (!_allowed[3][t.Day] || !_allowed[5][(int)t.DayOfWeek]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1); continue; }
            if (!_allowed[2][t.Hour]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1); continue; }
            if (!_allowed[1][t.Minute]) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1); continue; }
            if (!_allowed[0][t.Second]) { t = t.AddSeconds(1); continue; }
            return t;
        }
        throw new InvalidOperationException("The schedule never fires.");
    }
}
