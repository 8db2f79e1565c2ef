using WaFunctions.Agents;

namespace WaFunctions.Chats;

/// <summary>A conversation: the seed's chat plus what the inbox keeps. Times are ISO 8601 (lastTimestamp stays unix seconds, as in the seed).</summary>
public sealed record ConversationView(string SessionId, string ChatId, string? Name, bool IsGroup, string Status, string? Assignee,
    string? AssigneeName, int UnreadCount, string? LastMessage, long LastTimestamp, IReadOnlyList<string> Tags,
    DateTimeOffset? OpenedAt, DateTimeOffset? FirstResponseAt, DateTimeOffset? ResolvedAt, FollowUpView? FollowUp)
{
    public static ConversationView Of(Chat c) => new(c.SessionId, c.ChatId, c.Name, c.IsGroup, c.Status, c.Assignee, c.AssigneeName,
        c.UnreadCount, c.LastMessage, c.LastTimestamp, c.Tags, Time(c.OpenedAt), Time(c.FirstResponseAt), Time(c.ResolvedAt),
        c.FollowUp is { } f ? new FollowUpView(f.Id, DateTimeOffset.FromUnixTimeSeconds(f.At), f.Note) : null);

    private static DateTimeOffset? Time(long? unix) => unix is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}

/// <summary>A conversation's reminder: at <see cref="At"/> it reopens the conversation and notifies.</summary>
public sealed record FollowUpView(string Id, DateTimeOffset At, string? Note);

/// <summary>Chats of one status group.</summary>
public sealed record StatusCounts(int Open, int Pending, int Resolved, int Closed)
{
    public int Total => Open + Pending + Resolved + Closed;

    public static StatusCounts Of(IReadOnlyDictionary<string, int>? byStatus) => byStatus is null ? new(0, 0, 0, 0) : new(
        byStatus.GetValueOrDefault(Chat.Open), byStatus.GetValueOrDefault(Chat.Pending),
        byStatus.GetValueOrDefault(Chat.Resolved), byStatus.GetValueOrDefault(Chat.Closed));
}

/// <summary>One agent's chats by status (<see cref="Name"/> is null for an assignee that is no agent any more).</summary>
public sealed record AgentCounts(string AgentId, string? Name, string? Status, StatusCounts Chats);

/// <summary>
/// <c>GET /chats/counts</c>: every chat of the number by status, the unassigned ones, each agent's (every agent of the
/// team, and any former one still holding chats), the calling key's agent's (<c>mine</c>, null for a key bound to none)
/// and how many have unread messages.
/// </summary>
public sealed record ChatCountsView(string? SessionId, StatusCounts ByStatus, StatusCounts Unassigned, StatusCounts? Mine,
    IReadOnlyList<AgentCounts> ByAgent, int Unread)
{
    public static ChatCountsView Of(string? sessionId, ChatCounts counts, IReadOnlyList<Agent> team, string? myAgentId)
    {
        var names = team.ToDictionary(a => a.Id, a => a);
        var ids = team.Select(a => a.Id).Concat(counts.Agents.Keys.Where(k => k != ChatIndex.Unassigned && counts.Agents[k].Values.Any(n => n != 0)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var byAgent = ids.Select(id => new AgentCounts(id, names.GetValueOrDefault(id)?.Name, names.GetValueOrDefault(id)?.Status,
            StatusCounts.Of(counts.Agents.GetValueOrDefault(id)))).ToList();
        return new ChatCountsView(sessionId, StatusCounts.Of(counts.Status), StatusCounts.Of(counts.Agents.GetValueOrDefault(ChatIndex.Unassigned)),
            myAgentId is null ? null : StatusCounts.Of(counts.Agents.GetValueOrDefault(myAgentId)), byAgent, counts.Unread);
    }
}
