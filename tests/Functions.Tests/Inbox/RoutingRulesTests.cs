using WaFunctions.Agents;
using WaFunctions.Errors;
using WaFunctions.Inbox.Routing;

namespace WaFunctions.Tests.Inbox;

public sealed class RoutingRulesTests
{
    private static Agent Member(string id, string status) => new(id, id, null, "agent", status, default, default, default);

    private static RoutingSettings Apply(RoutingPatch patch, RoutingSettings? current = null) =>
        RoutingRules.Apply(current ?? RoutingSettings.Off, patch, id => id.StartsWith("ag_a"), id => id == "tg_billing000");

    [Fact]
    public void Parts_sent_replace_parts_left_out_stay_and_null_turns_off()
    {
        var on = Apply(new RoutingPatch
        {
            OffHoursReply = new OffHoursReplyBody("Closed"),
            IdleReassign = new IdleReassignBody(600),
        });
        Assert.Equal(("Closed", 600), (on.OffHoursReply!.Text, on.IdleReassign!.AfterSeconds));
        var changed = Apply(new RoutingPatch { IdleReassign = new Optional<IdleReassignBody>(null) }, on);
        Assert.Null(changed.IdleReassign);
        Assert.Equal("Closed", changed.OffHoursReply!.Text);
    }

    [Theory]
    [InlineData("Mars/Olympus", "09:00", "18:00", "businessHours.timeZone")]
    [InlineData("UTC", "9:00", "18:00", "businessHours.days.mon[0].start")]
    [InlineData("UTC", "18:00", "09:00", "businessHours.days.mon[0].end")]
    [InlineData("UTC", "09:00", "24:01", "businessHours.days.mon[0].end")]
    public void Bad_hours_name_their_field(string zone, string start, string end, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => Apply(new RoutingPatch
        {
            BusinessHours = new BusinessHoursBody(zone, new() { ["mon"] = [new TimeRangeBody(start, end)] }, null),
        }));
        Assert.Contains($"'{field}'", e.Message);
    }

    [Fact]
    public void Overlapping_ranges_unknown_days_and_bad_holidays_are_refused()
    {
        Assert.Contains("overlapping", Assert.Throws<InvalidInputException>(() => Apply(new RoutingPatch
        {
            BusinessHours = new BusinessHoursBody("UTC", new() { ["mon"] = [new("09:00", "13:00"), new("12:00", "18:00")] }, null),
        })).Message);
        Assert.Contains("'businessHours.days.monday'", Assert.Throws<InvalidInputException>(() => Apply(new RoutingPatch
        {
            BusinessHours = new BusinessHoursBody("UTC", new() { ["monday"] = [] }, null),
        })).Message);
        Assert.Contains("'businessHours.holidays[0]'", Assert.Throws<InvalidInputException>(() => Apply(new RoutingPatch
        {
            BusinessHours = new BusinessHoursBody("UTC", new(), ["25/12/2026"]),
        })).Message);
        var sorted = Apply(new RoutingPatch
        {
            BusinessHours = new BusinessHoursBody("Asia/Kolkata", new() { ["mon"] = [new("14:00", "18:00"), new("09:00", "13:00")] }, ["2026-12-25", "2026-01-26", "2026-12-25"]),
        }).BusinessHours!;
        Assert.Equal(["09:00", "14:00"], sorted.Days["mon"].Select(r => r.Start));
        Assert.Equal([new DateOnly(2026, 1, 26), new DateOnly(2026, 12, 25)], sorted.Holidays);
    }

    [Fact]
    public void Auto_assignment_names_existing_agents_and_tags()
    {
        var ok = Apply(new RoutingPatch { AutoAssign = new AutoAssignBody(["ag_a000000001", "ag_a000000002", "ag_a000000001"], [new TagPoolBody("tg_billing000", ["ag_a000000003"])]) }).AutoAssign!;
        Assert.Equal(["ag_a000000001", "ag_a000000002"], ok.AgentIds);
        Assert.Equal("tg_billing000", ok.ByTag.Single().TagId);
        Assert.Contains("'autoAssign.agentIds[0]'", Assert.Throws<InvalidInputException>(() =>
            Apply(new RoutingPatch { AutoAssign = new AutoAssignBody(["ag_b000000001"], null) })).Message);
        Assert.Contains("'autoAssign.byTag[0].tagId'", Assert.Throws<InvalidInputException>(() =>
            Apply(new RoutingPatch { AutoAssign = new AutoAssignBody(null, [new TagPoolBody("tg_other00000", ["ag_a000000001"])]) })).Message);
        Assert.Null(Apply(new RoutingPatch { AutoAssign = new AutoAssignBody(null, null) }).AutoAssign!.AgentIds);
    }

    [Fact]
    public void Round_robin_takes_online_agents_of_the_pool_in_turn()
    {
        var team = new[] { Member("ag_c", Agent.Online), Member("ag_a", Agent.Online), Member("ag_b", Agent.Away), Member("ag_d", Agent.Online) };
        Assert.Equal("ag_a", RoundRobin.Next(team, null, null)!.Id);
        Assert.Equal("ag_c", RoundRobin.Next(team, null, "ag_a")!.Id);
        Assert.Equal("ag_d", RoundRobin.Next(team, null, "ag_c")!.Id);
        Assert.Equal("ag_a", RoundRobin.Next(team, null, "ag_d")!.Id);
        Assert.Equal("ag_c", RoundRobin.Next(team, ["ag_b", "ag_c"], "ag_c")!.Id);
        Assert.Equal("ag_d", RoundRobin.Next(team, null, "ag_c", exclude: "ag_a")!.Id);
        Assert.Null(RoundRobin.Next(team, ["ag_b"], null));
        var settings = new AutoAssign(["ag_a"], [new TagPool("tg_2", ["ag_c"]), new TagPool("tg_1", ["ag_d"])]);
        var (key, ids) = RoundRobin.Pool(settings, ["tg_1"]);
        Assert.Equal("t_tg_1", key);
        Assert.Equal(["ag_d"], ids!);
        Assert.Equal("all", RoundRobin.Pool(settings, ["tg_9"]).Key);
        Assert.Equal(("all", null), RoundRobin.Pool(null, ["tg_1"]));
    }
}
