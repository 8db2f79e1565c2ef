using System.Globalization;
using WaFunctions.Broadcasts.Pacing;

namespace WaFunctions.Inbox.Routing;

/// <summary>The pure rules of business hours: open or not at an instant, and which off-hours period an instant is in.</summary>
public static class BusinessHoursMath
{
    public static readonly IReadOnlyList<string> DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private const int SearchDays = 400;

    public static bool IsOpen(BusinessHours hours, DateTimeOffset at)
    {
        var local = PacingMath.Local(at, PacingMath.Zone(hours.TimeZone));
        var date = DateOnly.FromDateTime(local);
        if (hours.Holidays.Contains(date)) return false;
        var minute = local.Hour * 60 + local.Minute;
        return RangesOf(hours, date).Any(r => minute >= r.Start && minute < r.End);
    }

    /// <summary>
    /// Null while open; otherwise the off-hours period <paramref name="at"/> lies in, named by the instant it ends (the next
    /// opening, unix seconds), or <c>never</c> when the hours never open again within a year. Two instants of one period
    /// have the same name, so "once per period" is a comparison.
    /// </summary>
    public static string? Period(BusinessHours hours, DateTimeOffset at)
    {
        if (IsOpen(hours, at)) return null;
        var zone = PacingMath.Zone(hours.TimeZone);
        var start = DateOnly.FromDateTime(PacingMath.Local(at, zone));
        for (var d = 0; d < SearchDays; d++)
        {
            var date = start.AddDays(d);
            if (hours.Holidays.Contains(date)) continue;
            foreach (var (from, _) in RangesOf(hours, date).OrderBy(r => r.Start))
            {
                var opening = PacingMath.AtLocal(date.ToDateTime(TimeOnly.MinValue).AddMinutes(from), zone);
                if (opening > at) return opening.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            }
        }
        return "never";
    }

    private static IEnumerable<(int Start, int End)> RangesOf(BusinessHours hours, DateOnly date) =>
        hours.Days.TryGetValue(DayNames[(int)date.DayOfWeek], out var ranges) ? ranges.Select(r => (Minutes(r.Start), Minutes(r.End))) : [];

    /// <summary>Minutes since midnight of <c>HH:mm</c> (<c>24:00</c> is 1440); -1 when malformed.</summary>
    public static int Minutes(string hhmm) =>
        hhmm.Length == 5 && hhmm[2] == ':' && int.TryParse(hhmm.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
        && int.TryParse(hhmm.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60 && (h < 24 || (h == 24 && m == 0))
            ? h * 60 + m : -1;
}
