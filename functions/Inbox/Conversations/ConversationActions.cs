using WaFunctions.Agents;
using WaFunctions.Chats;
using WaFunctions.Inbox.Routing;

namespace WaFunctions.Inbox.Conversations;

/// <summary>The changes made through the API and by background work (follow-ups, idle agents, deleted agents and tags).</summary>
public sealed partial class ConversationService
{
    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>A change through the API (cause: the chat's next version). Null when there is no such chat.</summary>
    public Task<Chat?> ApiChangeAsync(string sessionId, string chatId, Func<ConversationStep, bool> apply, CancellationToken ct) =>
        ChangeAsync(sessionId, chatId, null, Now, async (s, w, c) =>
        {
            if (!apply(s)) return false;
            await CountAsync(w, s, c).ConfigureAwait(false);
            return true;
        }, null, ct);

    /// <summary>A due follow-up: it is cleared, reopens the conversation unless open, and is announced. Cause: the follow-up id.</summary>
    public Task<Chat?> FollowUpDueAsync(string sessionId, string chatId, string followUpId, CancellationToken ct) =>
        ChangeAsync(sessionId, chatId, followUpId, Now, async (s, w, c) =>
        {
            if (s.Before.FollowUp is not { } due || due.Id != followUpId) return false;
            s.Chat = s.Chat with { FollowUp = null };
            ConversationRules.Reopen(s, "follow_up");
            s.Effect(EffectKind.FollowUpDue, reason: "follow_up", note: due.Note);
            await CountAsync(w, s, c).ConfigureAwait(false);
            return true;
        }, null, ct);

    /// <summary>
    /// Hands a conversation of <paramref name="agentId"/> on: open and pending ones to the next online agent of its pool
    /// (or to nobody when none is online); with <paramref name="all"/> (a deleted agent) resolved and closed ones lose the
    /// assignee too. Nothing when the chat is no longer theirs.
    /// </summary>
    public Task<Chat?> HandOnAsync(string sessionId, string chatId, string agentId, string cause, string reason, bool all,
        RoutingSettings settings, IReadOnlyList<Agent> team, CancellationToken ct) =>
        ChangeAsync(sessionId, chatId, cause, Now, async (s, w, c) =>
        {
            if (s.Before.Assignee != agentId) return false;
            var active = s.Chat.Status is Chat.Open or Chat.Pending;
            var changed = active
                ? await AssignNextAsync(w, s, settings, team, agentId, reason, c, unassignIfNone: true).ConfigureAwait(false)
                : all && ConversationRules.Assign(s, null, null, reason);
            if (changed) await CountAsync(w, s, c).ConfigureAwait(false);
            return changed;
        }, settings, ct);

    /// <summary>Takes a deleted tag off a chat (no event).</summary>
    public Task<Chat?> RemoveTagAsync(string sessionId, string chatId, string tagId, CancellationToken ct) =>
        ChangeAsync(sessionId, chatId, "tag_removed_" + tagId, Now, (s, _, _) =>
        {
            if (!s.Chat.Tags.Contains(tagId)) return Task.FromResult(false);
            s.Chat = s.Chat with { Tags = [.. s.Chat.Tags.Where(t => t != tagId)] };
            return Task.FromResult(true);
        }, null, ct);
}
