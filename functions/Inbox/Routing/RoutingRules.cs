using System.Globalization;
using WaFunctions.Agents;
using WaFunctions.Chats;
using WaFunctions.Errors;

namespace WaFunctions.Inbox.Routing;

/// <summary>
/// <c>PATCH /sessions/{id}/routing</c>: a part sent replaces that part, a part left out keeps its value, <c>null</c>
/// turns it off.
/// </summary>
internal sealed record RoutingPatch
{
    public Optional<BusinessHoursBody> BusinessHours { get; init; }
    public Optional<OffHoursReplyBody> OffHoursReply { get; init; }
    public Optional<AutoAssignBody> AutoAssign { get; init; }
    public Optional<IdleReassignBody> IdleReassign { get; init; }
}

internal sealed record BusinessHoursBody(string? TimeZone, Dictionary<string, TimeRangeBody?[]?>? Days, string?[]? Holidays);
internal sealed record TimeRangeBody(string? Start, string? End);
internal sealed record OffHoursReplyBody(string? Text);
internal sealed record AutoAssignBody(string?[]? AgentIds, TagPoolBody?[]? ByTag);
internal sealed record TagPoolBody(string? TagId, string?[]? AgentIds);
internal sealed record IdleReassignBody(int? AfterSeconds);

/// <summary>Validates a routing PATCH and merges it into the stored settings; every error names its field. Pure.</summary>
internal static class RoutingRules
{
    public const int MaxRangesPerDay = 10, MaxHolidays = 366, MaxTextLength = 4096, MaxPools = 50, MaxIdleSeconds = 7 * 86_400;

    /// <param name="agentExists">Whether an agent id names an agent; <paramref name="tagExists"/> likewise for tags.</param>
    public static RoutingSettings Apply(RoutingSettings current, RoutingPatch body, Func<string, bool> agentExists, Func<string, bool> tagExists) => new(
        body.BusinessHours.Or(current.BusinessHours, b => b is null ? null : Hours(b)),
        body.OffHoursReply.Or(current.OffHoursReply, r => r is null ? null
            : new OffHoursReply(Fields.Text(r.Text, "offHoursReply.text", MaxTextLength, required: true, multiline: true)!)),
        body.AutoAssign.Or(current.AutoAssign, a => a is null ? null : Assign(a, agentExists, tagExists)),
        body.IdleReassign.Or(current.IdleReassign, i => i is null ? null
            : i.AfterSeconds is >= 1 and <= MaxIdleSeconds ? new IdleReassign(i.AfterSeconds.Value)
            : throw new InvalidInputException($"Field 'idleReassign.afterSeconds' is required: 1 to {MaxIdleSeconds}.")));

    private static BusinessHours Hours(BusinessHoursBody b)
    {
        var zone = Fields.Text(b.TimeZone, "businessHours.timeZone", 64, required: true)!;
        try { TimeZoneInfo.FindSystemTimeZoneById(zone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidInputException($"Field 'businessHours.timeZone' must be an IANA time zone such as Asia/Kolkata, not '{zone}'.");
        }
        var days = new Dictionary<string, IReadOnlyList<TimeRange>>(StringComparer.Ordinal);
        foreach (var (day, ranges) in b.Days ?? throw new InvalidInputException("Field 'businessHours.days' is required, e.g. {\"mon\": [{\"start\": \"09:00\", \"end\": \"18:00\"}]}."))
        {
            var field = $"businessHours.days.{day}";
            if (!BusinessHoursMath.DayNames.Contains(day)) throw new InvalidInputException($"Field '{field}' is not a day; use mon, tue, wed, thu, fri, sat, sun.");
            if (ranges is null || ranges.Length > MaxRangesPerDay) throw new InvalidInputException($"Field '{field}' must list 0 to {MaxRangesPerDay} ranges.");
            var parsed = ranges.Select((r, i) => Range(r, $"{field}[{i}]")).OrderBy(r => BusinessHoursMath.Minutes(r.Start)).ToList();
            for (var i = 1; i < parsed.Count; i++)
                if (BusinessHoursMath.Minutes(parsed[i].Start) < BusinessHoursMath.Minutes(parsed[i - 1].End))
                    throw new InvalidInputException($"Field '{field}' has overlapping ranges.");
            days[day] = parsed;
        }
        var holidays = (b.Holidays ?? []).Select((h, i) =>
            DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new InvalidInputException($"Field 'businessHours.holidays[{i}]' must be a date yyyy-MM-dd.")).Distinct().Order().ToList();
        if (holidays.Count > MaxHolidays) throw new InvalidInputException($"Field 'businessHours.holidays' may hold at most {MaxHolidays} dates.");
        return new BusinessHours(zone, days, holidays);
    }

    private static TimeRange Range(TimeRangeBody? r, string field)
    {
        var start = r?.Start is { } s && BusinessHoursMath.Minutes(s) is >= 0 and < 1440 ? s
            : throw new InvalidInputException($"Field '{field}.start' must be a time HH:mm from 00:00 to 23:59.");
        var end = r.End is { } e && BusinessHoursMath.Minutes(e) > BusinessHoursMath.Minutes(start) ? e
            : throw new InvalidInputException($"Field '{field}.end' must be a time HH:mm after start, at most 24:00.");
        return new TimeRange(start, end);
    }

    private static AutoAssign Assign(AutoAssignBody a, Func<string, bool> agentExists, Func<string, bool> tagExists)
    {
        var pools = a.ByTag ?? [];
        if (pools.Length > MaxPools) throw new InvalidInputException($"Field 'autoAssign.byTag' may hold at most {MaxPools} pools.");
        return new AutoAssign(
            a.AgentIds is null ? null : Agents(a.AgentIds, "autoAssign.agentIds", agentExists),
            [.. pools.Select((p, i) =>
            {
                var field = $"autoAssign.byTag[{i}]";
                var tag = p?.TagId is { } t && TagIds.IsId(t) && tagExists(t) ? t : throw new InvalidInputException($"Field '{field}.tagId' must name a tag.");
                return new TagPool(tag, Agents(p.AgentIds ?? throw new InvalidInputException($"Field '{field}.agentIds' is required."), $"{field}.agentIds", agentExists));
            })]);
    }

    private static IReadOnlyList<string> Agents(string?[] ids, string field, Func<string, bool> agentExists) =>
        ids.Select((id, i) => id is not null && AgentStore.IsId(id) && agentExists(id) ? id
            : throw new InvalidInputException($"Field '{field}[{i}]' must name an agent.")).Distinct(StringComparer.Ordinal).ToList();
}
