namespace WaFunctions.Analytics;

/// <summary>A duration's samples: how many, and the 50th and 90th percentile in seconds (<see cref="Histogram"/>; null without samples).</summary>
public sealed record Durations(int Count, long? P50Seconds, long? P90Seconds)
{
    public static Durations Of(Dictionary<long, int>? histogram) => histogram is { Count: > 0 } h
        ? new(h.Values.Sum(), Histogram.Percentile(h, 50), Histogram.Percentile(h, 90))
        : new(0, null, null);
}

/// <summary>The figures of a period: conversations opened (created or reopened) and resolved, messages in and out, first response and resolution times.</summary>
public sealed record Figures(int ConversationsOpened, int ConversationsResolved, int MessagesIn, int MessagesOut, Durations FirstResponse, Durations Resolution)
{
    public static Figures Of(Tally t) => new(t.Opened, t.Resolved, t.In, t.Out, Durations.Of(t.FirstResponse), Durations.Of(t.Resolution));
}

/// <summary>One local day (yyyy-MM-dd in the requested time zone).</summary>
public sealed record DayFigures(string Date, Figures Figures);

/// <summary>
/// One assignee: what happened while conversations were theirs (messages, first responses and resolutions are counted
/// for the agent the conversation was assigned to at the time). <see cref="AgentId"/> null: unassigned.
/// </summary>
public sealed record AgentFigures(string? AgentId, string? Name, Figures Figures);

/// <summary><c>GET /analytics/overview</c>: totals, then per day and per agent.</summary>
public sealed record AnalyticsOverviewView(DateTimeOffset From, DateTimeOffset To, string TimeZone, string? SessionId, Figures Totals,
    IReadOnlyList<DayFigures> Days, IReadOnlyList<AgentFigures> Agents);

/// <summary>
/// One broadcast's funnel: recipients sent (WhatsApp took it; delivered and read ones included), delivered (read ones
/// included), read, failed, and chats that answered within 24 h of their message.
/// </summary>
public sealed record BroadcastFiguresView(string Id, string Name, string SessionId,
    [property: OpenApi.Choices(typeof(Broadcasts.BroadcastStatus), nameof(Broadcasts.BroadcastStatus.All))] string Status, int Total, int Sent, int Delivered, int Read,
    int Failed, int RepliedWithin24h, DateTimeOffset CreatedAt);

