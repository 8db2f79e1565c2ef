using Azure.Data.Tables;
using WaFunctions.Agents;
using WaFunctions.Analytics;
using WaFunctions.Broadcasts;
using WaFunctions.Chats;
using WaFunctions.Inbox.Routing;
using WaFunctions.Messages;

namespace WaFunctions.Inbox.Conversations;

/// <summary>
/// Runs conversation changes: decides them with <see cref="ConversationRules"/>, commits each as one transaction of the
/// chat's partition (<see cref="ChatStore.ChangeAsync"/>: chat row, index rows, count shard, and the analytics, round-robin
/// and broadcast-reply counters it moves), then does its effects (webhook events, the auto-reply). A cause already
/// handled (a message id in the chat's <see cref="Chat.InboxIds"/>, a follow-up already due) is not decided again: its
/// remembered effects are done again, under the same event ids and the same auto-reply clientMessageId. So the engine
/// events and due jobs that drive this may be delivered any number of times: one counter increment, one assignment,
/// one reply.
/// Round trips per change: the chat (point read); the analytics row, count shard and round-robin pointer it touches (point
/// reads, in parallel); one transaction; plus, for an inbound message, the number's routing (point read) and, when it
/// assigns, the team (one bounded query).
/// </summary>
public sealed partial class ConversationService(ChatStore chats, RoutingStore routing, AgentStore agents, ConversationEvents events,
    AutoReplySender autoReplies, TimeProvider clock)
{
    /// <summary>Hook of <c>message.received</c>, after the message is stored and folded into its chat.</summary>
    public Task OnReceivedAsync(MessageRecord m, CancellationToken ct) => m.FromMe ? OnSentAsync(m, ct) : InboundAsync(m, ct);

    /// <summary>Hook of <c>message.sent</c>: counts the message out; the first answer of an open conversation is its first response.</summary>
    public async Task OnSentAsync(MessageRecord m, CancellationToken ct)
    {
        if (m.ChatId.Length == 0) return;
        var broadcastId = BroadcastRecipient.Parse(m.ClientMessageId)?.BroadcastId;
        await ChangeAsync(m.SessionId, m.ChatId, m.MessageId, m.Timestamp, async (s, w, c) =>
        {
            if (s.Before.InboxIds.Contains(m.MessageId)) return false;
            ConversationRules.Outbound(s, m.MessageId, broadcastId, AutoReplySender.IsAutoReply(m.ClientMessageId));
            await CountAsync(w, s, c).ConfigureAwait(false);
            return true;
        }, null, ct).ConfigureAwait(false);
    }

    private async Task InboundAsync(MessageRecord m, CancellationToken ct)
    {
        var settings = await routing.GetAsync(m.SessionId, ct).ConfigureAwait(false);
        IReadOnlyList<Agent>? team = null;
        await ChangeAsync(m.SessionId, m.ChatId, m.MessageId, m.Timestamp, async (s, w, c) =>
        {
            if (s.Before.InboxIds.Contains(m.MessageId)) return false;
            var opened = ConversationRules.Inbound(s, m.MessageId);
            if (ConversationRules.BroadcastReply(s) is { } broadcastId) await CountReplyAsync(w, broadcastId, c).ConfigureAwait(false);
            if (opened && s.Chat.Assignee is null && settings.AutoAssign is not null)
                await AssignNextAsync(w, s, settings, team ??= await agents.ListAsync(c).ConfigureAwait(false), null, "auto", c).ConfigureAwait(false);
            if (!s.Chat.IsGroup && settings is { OffHoursReply: not null, BusinessHours: { } hours }
                && BusinessHoursMath.Period(hours, DateTimeOffset.FromUnixTimeSeconds(s.At)) is { } period
                && $"{s.Chat.Episode}:{period}" is var key && s.Chat.OffHoursReplied != key)
            {
                s.Chat = s.Chat with { OffHoursReplied = key };
                s.Effect(EffectKind.AutoReply, reason: key);
            }
            await CountAsync(w, s, c).ConfigureAwait(false);
            return true;
        }, settings, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One change under <paramref name="cause"/> at <paramref name="at"/>: <paramref name="apply"/> works it out on a
    /// <see cref="ConversationStep"/> (false: nothing to change). Then the effects of the cause are done — those just
    /// decided, or those remembered from an earlier run. Returns the chat afterwards, null when there is no such chat.
    /// </summary>
    internal async Task<Chat?> ChangeAsync(string sessionId, string chatId, string? cause, long at,
        Func<ConversationStep, ChatWrite, CancellationToken, Task<bool>> apply, RoutingSettings? settings, CancellationToken ct)
    {
        string? effective = cause;
        var chat = await chats.ChangeAsync(sessionId, chatId, async (w, c) =>
        {
            if (w.Current is not { } current) return null;
            var step = new ConversationStep(current, cause ?? $"v{current.Version + 1}", at);
            effective = step.Cause;
            // The counter rows a change usually touches, read together (a redelivered message touches none).
            if (cause is null || !current.InboxIds.Contains(cause))
                await w.ReadAsync([AnalyticsRow.RowKey(at, w.Shard), ChatCounts.RowKey(w.Shard)], c).ConfigureAwait(false);
            return await apply(step, w, c).ConfigureAwait(false) ? step.Finish() : null;
        }, ct).ConfigureAwait(false);
        if (chat is null || effective is null) return chat;
        var effects = chat.Effects.Where(e => e.Cause == effective).ToList();
        if (effects.Count == 0) return chat;
        await events.RecordAsync(chat, effects, ct).ConfigureAwait(false);
        foreach (var reply in effects.Where(e => e.Kind == EffectKind.AutoReply && e.Reason is not null))
        {
            settings ??= await routing.GetAsync(sessionId, ct).ConfigureAwait(false);
            if (settings.OffHoursReply is { } text) await autoReplies.SendAsync(sessionId, chatId, reply.Reason!, text.Text, ct).ConfigureAwait(false);
        }
        return chat;
    }

    /// <summary>Adds the step's tally to its hour's analytics row (read with the step), for the assignee the chat ends up with.</summary>
    private static async Task CountAsync(ChatWrite w, ConversationStep s, CancellationToken ct)
    {
        if (s.Tally.IsEmpty) return;
        var key = AnalyticsRow.RowKey(s.At, w.Shard);
        w.Write(AnalyticsRow.Add(await w.ReadAsync(key, ct).ConfigureAwait(false), w.SessionId, w.Shard, s.At, s.Chat.AssigneeKey, s.Tally));
    }

    private static async Task CountReplyAsync(ChatWrite w, string broadcastId, CancellationToken ct)
    {
        var key = BroadcastReplies.RowKey(broadcastId, w.Shard);
        var row = await w.ReadAsync(key, ct).ConfigureAwait(false);
        w.Write(new TableEntity(w.SessionId, key) { ["Replied"] = (row?.GetInt32("Replied") ?? 0) + 1 });
    }

    /// <summary>
    /// Assigns the next online agent of the chat's pool by round robin (the pool's pointer row moves in the same
    /// transaction, so two conversations never take the same turn), or unassigns when nobody is online and
    /// <paramref name="unassignIfNone"/>. False when nothing changed.
    /// </summary>
    private static async Task<bool> AssignNextAsync(ChatWrite w, ConversationStep s, RoutingSettings settings, IReadOnlyList<Agent> team,
        string? exclude, string reason, CancellationToken ct, bool unassignIfNone = false)
    {
        var (pool, ids) = RoundRobin.Pool(settings.AutoAssign, s.Chat.Tags);
        var pointerKey = "rr_" + pool;
        var pointer = await w.ReadAsync(pointerKey, ct).ConfigureAwait(false);
        if (RoundRobin.Next(team, ids, pointer?.GetString("Last"), exclude) is not { } next)
            return unassignIfNone && ConversationRules.Assign(s, null, null, reason);
        w.Write(new TableEntity(w.SessionId, pointerKey) { ["Last"] = next.Id });
        return ConversationRules.Assign(s, next.Id, next.Name, reason);
    }
}
