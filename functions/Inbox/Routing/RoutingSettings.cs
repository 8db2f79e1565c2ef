namespace WaFunctions.Inbox.Routing;

/// <summary>
/// How one number's conversations are routed (table <c>routing</c>, PartitionKey <c>routing</c>, RowKey session id; absent:
/// everything off). Each part is off while null: no <see cref="BusinessHours"/> means always open.
/// </summary>
public sealed record RoutingSettings(BusinessHours? BusinessHours, OffHoursReply? OffHoursReply, AutoAssign? AutoAssign, IdleReassign? IdleReassign)
{
    public static readonly RoutingSettings Off = new(null, null, null, null);
}

/// <summary>
/// When the number is staffed: per weekday (<c>mon</c> … <c>sun</c>) ranges of local time in <see cref="TimeZone"/> (an
/// IANA id), <c>end</c> exclusive and at most <c>24:00</c>; on a holiday (a local date) it is closed all day.
/// </summary>
public sealed record BusinessHours(string TimeZone, IReadOnlyDictionary<string, IReadOnlyList<TimeRange>> Days, IReadOnlyList<DateOnly> Holidays);

/// <summary>Local wall-clock times <c>HH:mm</c>.</summary>
public sealed record TimeRange(string Start, string End);

/// <summary>Sent to a conversation's first inbound message of each off-hours period (not to groups).</summary>
public sealed record OffHoursReply(string Text);

/// <summary>
/// Round robin of new (and reopened, unassigned) conversations among online agents: those of the first
/// <see cref="ByTag"/> pool whose tag the chat carries, else <see cref="AgentIds"/> (null: every agent).
/// </summary>
public sealed record AutoAssign(IReadOnlyList<string>? AgentIds, IReadOnlyList<TagPool> ByTag);

public sealed record TagPool(string TagId, IReadOnlyList<string> AgentIds);

/// <summary>An agent offline for longer than <see cref="AfterSeconds"/> loses its open and pending conversations to the round robin (or to unassigned).</summary>
public sealed record IdleReassign(int AfterSeconds);

/// <summary>A number's routing as the API shows it: each part null while off.</summary>
public sealed record RoutingView(BusinessHours? BusinessHours, OffHoursReply? OffHoursReply, AutoAssign? AutoAssign, IdleReassign? IdleReassign)
    : OpenApi.IHasExample
{
    public static RoutingView Of(RoutingSettings s) => new(s.BusinessHours, s.OffHoursReply, s.AutoAssign, s.IdleReassign);

    public static object Example => new RoutingView(
        new BusinessHours("Asia/Kolkata", new Dictionary<string, IReadOnlyList<TimeRange>>
        {
            ["mon"] = [new("09:00", "13:00"), new("14:00", "18:00")], ["tue"] = [new("09:00", "18:00")],
        }, [new DateOnly(2025, 8, 15)]),
        new OffHoursReply("Thanks for writing! We are back at 9:00 and will answer then."),
        new AutoAssign(null, [new TagPool("tg_billing001", ["ag_k3v9q2m7xa"])]),
        new IdleReassign(900));
}
