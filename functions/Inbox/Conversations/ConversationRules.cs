using WaFunctions.Chats;

namespace WaFunctions.Inbox.Conversations;

/// <summary>
/// How a conversation moves, pure. <c>open</c> → <c>pending</c> / <c>resolved</c> / <c>closed</c> by agents; an inbound
/// message opens a new conversation on a chat that never had one or whose last one is closed (<c>created</c>), and
/// reopens a resolved one (<c>reopened</c>); <c>pending</c> and <c>open</c> stay as they are. First response time runs
/// from the (re)opening to the first message of ours that is neither a broadcast nor an auto-reply; resolution time from
/// the (re)opening to the resolve.
/// </summary>
public static class ConversationRules
{
    public const long ReplyWindowSeconds = 24 * 3600;

    /// <summary>An inbound message. True when it opened the conversation (created or reopened).</summary>
    public static bool Inbound(ConversationStep s, string messageId)
    {
        var c = s.Chat with { LastInboundAt = Math.Max(s.Chat.LastInboundAt ?? 0, s.At), InboxIds = Remember(s.Chat.InboxIds, messageId) };
        s.Tally.In++;
        var opened = true;
        if (c.Episode == 0 || c.Status == Chat.Closed)
        {
            var fresh = c.Episode > 0; // a closed conversation's successor starts unassigned
            c = c with
            {
                Episode = c.Episode + 1, Status = Chat.Open, OpenedAt = s.At, FirstResponseAt = null, ResolvedAt = null,
                Assignee = fresh ? null : c.Assignee, AssigneeName = fresh ? null : c.AssigneeName,
            };
            s.Effect(EffectKind.Created);
        }
        else if (c.Status == Chat.Resolved)
        {
            c = c with { Status = Chat.Open, OpenedAt = s.At, FirstResponseAt = null, ResolvedAt = null };
            s.Effect(EffectKind.Reopened, reason: "inbound");
        }
        else opened = false;
        if (opened)
        {
            s.Tally.Opened++;
            // Our answer, sent after this message, was handled before it (the queue does not promise order): it is the first response.
            if (c.LastAnswerAt is { } answered && answered > s.At)
            {
                c = c with { FirstResponseAt = answered };
                s.Tally.AddFirstResponse(answered - s.At);
            }
        }
        s.Chat = c;
        return opened;
    }

    /// <summary>The broadcast an inbound message answers within 24 h, the first time it does; else null.</summary>
    public static string? BroadcastReply(ConversationStep s)
    {
        if (s.Chat.LastBroadcast is not { Replied: false } b || s.At < b.SentAt || s.At - b.SentAt > ReplyWindowSeconds) return null;
        s.Chat = s.Chat with { LastBroadcast = b with { Replied = true } };
        return b.BroadcastId;
    }

    /// <summary>A message of ours (<paramref name="broadcastId"/> when it is a broadcast's, <paramref name="autoReply"/> when it is an auto-reply).</summary>
    public static void Outbound(ConversationStep s, string messageId, string? broadcastId, bool autoReply)
    {
        var c = s.Chat with { LastOutboundAt = Math.Max(s.Chat.LastOutboundAt ?? 0, s.At), InboxIds = Remember(s.Chat.InboxIds, messageId) };
        s.Tally.Out++;
        if (broadcastId is not null)
        {
            if (c.LastBroadcast is null || s.At >= c.LastBroadcast.SentAt) c = c with { LastBroadcast = new BroadcastMark(broadcastId, s.At, false) };
        }
        else if (!autoReply)
        {
            c = c with { LastAnswerAt = Math.Max(c.LastAnswerAt ?? 0, s.At) };
            if (c.Status is Chat.Open or Chat.Pending && c.OpenedAt is { } opened && s.At >= opened)
            {
                if (c.FirstResponseAt is null)
                {
                    c = c with { FirstResponseAt = s.At };
                    s.Tally.AddFirstResponse(s.At - opened);
                }
                else if (c.FirstResponseAt is { } later && s.At < later)
                {
                    // An earlier answer handled after a later one (the queue does not promise order): it is the first
                    // response. The later one's sample is taken back here (a −1 in its bucket), so totals over any range
                    // holding both count one sample, the right one.
                    c = c with { FirstResponseAt = s.At };
                    Analytics.Histogram.Add(s.Tally.FirstResponse ??= [], later - opened, -1);
                    s.Tally.AddFirstResponse(s.At - opened);
                }
            }
        }
        s.Chat = c;
    }

    /// <summary>False when already resolved; throws <see cref="ConversationClosedException"/> for a closed one.</summary>
    public static bool Resolve(ConversationStep s)
    {
        if (s.Chat.Status == Chat.Resolved) return false;
        if (s.Chat.Status == Chat.Closed) throw new ConversationClosedException();
        s.Chat = s.Chat with { Status = Chat.Resolved, ResolvedAt = s.At };
        s.Effect(EffectKind.Resolved);
        s.Tally.Resolved++;
        if (s.Chat.OpenedAt is { } opened) s.Tally.AddResolution(s.At - opened);
        return true;
    }

    /// <summary>Opens the conversation (the chat's first one is <c>created</c>); false when already open.</summary>
    public static bool Reopen(ConversationStep s, string reason)
    {
        if (s.Chat.Status == Chat.Open && s.Chat.Episode > 0) return false;
        var first = s.Chat.Episode == 0;
        s.Chat = s.Chat with { Status = Chat.Open, Episode = Math.Max(1, s.Chat.Episode), OpenedAt = s.At, FirstResponseAt = null, ResolvedAt = null };
        if (first) s.Effect(EffectKind.Created);
        else s.Effect(EffectKind.Reopened, reason: reason);
        s.Tally.Opened++;
        return true;
    }

    public static bool Close(ConversationStep s)
    {
        if (s.Chat.Status == Chat.Closed) return false;
        s.Chat = s.Chat with { Status = Chat.Closed };
        s.Effect(EffectKind.Closed);
        return true;
    }

    /// <summary>Set aside (waiting on someone); no event, no counter.</summary>
    public static bool Pend(ConversationStep s)
    {
        if (s.Chat.Status == Chat.Pending) return false;
        s.Chat = s.Chat with { Status = Chat.Pending, Episode = Math.Max(1, s.Chat.Episode) };
        return true;
    }

    /// <summary>Moves to <paramref name="status"/> by the rules above.</summary>
    public static bool SetStatus(ConversationStep s, string status, string reason) => status switch
    {
        Chat.Open => Reopen(s, reason),
        Chat.Resolved => Resolve(s),
        Chat.Closed => Close(s),
        Chat.Pending => Pend(s),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Assigns (or, with a null <paramref name="agentId"/>, unassigns); false when nothing changes.</summary>
    public static bool Assign(ConversationStep s, string? agentId, string? agentName, string reason)
    {
        if (s.Chat.Assignee == agentId && (agentId is null || s.Chat.AssigneeName == agentName)) return false;
        var changed = s.Chat.Assignee != agentId;
        s.Chat = s.Chat with { Assignee = agentId, AssigneeName = agentId is null ? null : agentName };
        if (changed) s.Effect(EffectKind.Assigned, agent: agentId, reason: reason);
        return true;
    }

    private static IReadOnlyList<string> Remember(IReadOnlyList<string> ids, string id) => [.. ids.TakeLast(Chat.RecentIdsKept - 1), id];
}

/// <summary>A closed conversation cannot be resolved (reopen it first); the API answers 409 <c>conversation_closed</c>.</summary>
public sealed class ConversationClosedException() : Exception("The conversation is closed; reopen it first.");
