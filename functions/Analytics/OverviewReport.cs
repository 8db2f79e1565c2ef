using Azure.Data.Tables;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Chats;

namespace WaFunctions.Analytics;

/// <summary>Sums counter rows into totals, local days and assignees; a quarter-hour counts when it starts within [from, to). Pure.</summary>
public sealed class OverviewReport(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
{
    private readonly Tally _total = new();
    private readonly SortedDictionary<DateOnly, Tally> _days = [];
    private readonly SortedDictionary<string, Tally> _agents = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _from = Quarter(from);

    private static DateTimeOffset Quarter(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.FromMinutes(15).Ticks, TimeSpan.Zero);

    public void Add(TableEntity row)
    {
        var hour = AnalyticsRow.HourOfKey(row.RowKey);
        foreach (var (quarter, byAgent) in AnalyticsRow.Read(row))
        {
            var start = hour.AddMinutes(15 * quarter);
            if (start < _from || start >= to) continue;
            var day = DateOnly.FromDateTime(PacingMath.Local(start, zone));
            foreach (var (agentKey, tally) in byAgent)
            {
                _total.Plus(tally);
                (_days.TryGetValue(day, out var d) ? d : _days[day] = new Tally()).Plus(tally);
                (_agents.TryGetValue(agentKey, out var a) ? a : _agents[agentKey] = new Tally()).Plus(tally);
            }
        }
    }

    /// <summary>Every local day of the range (zeros included), and every assignee that has figures.</summary>
    public AnalyticsOverviewView Build(string zoneId, string? sessionId, IReadOnlyDictionary<string, string> agentNames)
    {
        var first = DateOnly.FromDateTime(PacingMath.Local(_from, zone));
        var last = DateOnly.FromDateTime(PacingMath.Local(to.AddTicks(-1), zone));
        var days = new List<DayFigures>();
        for (var d = first; d <= last; d = d.AddDays(1))
            days.Add(new DayFigures(d.ToString("yyyy-MM-dd"), Figures.Of(_days.GetValueOrDefault(d) ?? new Tally())));
        var agents = _agents.Select(p => p.Key == ChatIndex.Unassigned
            ? new AgentFigures(null, null, Figures.Of(p.Value))
            : new AgentFigures(p.Key, agentNames.GetValueOrDefault(p.Key), Figures.Of(p.Value))).ToList();
        return new AnalyticsOverviewView(from, to, zoneId, sessionId, Figures.Of(_total), days, agents);
    }
}
