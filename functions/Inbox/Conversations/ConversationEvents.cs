using System.Security.Cryptography;
using System.Text;
using WaFunctions.Chats;
using WaFunctions.Events;

namespace WaFunctions.Inbox.Conversations;

/// <summary>
/// The payload of the <c>conversation.*</c> webhook events. <see cref="Status"/> is the status the event made (open for
/// created and reopened), <see cref="Assignee"/> the agent it assigned for <c>conversation.assigned</c> (null: unassigned);
/// <see cref="Reason"/>: reopened by <c>inbound</c>, <c>follow_up</c> or <c>api</c>; assigned by <c>auto</c>, <c>api</c>,
/// <c>idle</c> or <c>agent_removed</c>. <see cref="Note"/>: a due follow-up's note.
/// </summary>
public sealed record ConversationEventData(string SessionId, string ChatId, string? Name, int Episode, string Status, string? Assignee,
    string? AssigneeName, IReadOnlyList<string> Tags, string? Reason, string? Note);

/// <summary>
/// Records the webhook events of a change's effects. Ids derive from (number, chat, cause, kind), so doing a cause's
/// effects again — a redelivered engine event, a retried due job — records the same ids. One queue send per matching
/// webhook and event (see <see cref="IEventOutbox"/>).
/// </summary>
public sealed class ConversationEvents(IEventOutbox outbox)
{
    public static readonly IReadOnlyList<string> Types =
    [
        "conversation.created", "conversation.assigned", "conversation.resolved", "conversation.reopened", "conversation.closed",
        "conversation.follow_up_due",
    ];

    public static string EventId(string sessionId, string chatId, ChatEffect effect) =>
        "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sessionId}\n{chatId}\n{effect.Cause}\n{effect.Kind}")))[..32];

    public async Task RecordAsync(Chat chat, IEnumerable<ChatEffect> effects, CancellationToken ct)
    {
        foreach (var effect in effects.Where(e => e.Kind != EffectKind.AutoReply))
            await outbox.RecordAsync(new DomainEvent(EventId(chat.SessionId, chat.ChatId, effect), "conversation." + effect.Kind, chat.SessionId,
                DateTimeOffset.FromUnixTimeSeconds(effect.At), Data(chat, effect)), ct).ConfigureAwait(false);
    }

    private static ConversationEventData Data(Chat chat, ChatEffect effect)
    {
        var status = effect.Kind switch
        {
            EffectKind.Created or EffectKind.Reopened => Chat.Open,
            EffectKind.Resolved => Chat.Resolved,
            EffectKind.Closed => Chat.Closed,
            _ => chat.Status,
        };
        var (assignee, name) = effect.Kind == EffectKind.Assigned
            ? (effect.Agent, effect.Agent is not null && effect.Agent == chat.Assignee ? chat.AssigneeName : null)
            : (chat.Assignee, chat.AssigneeName);
        return new ConversationEventData(chat.SessionId, chat.ChatId, chat.Name, chat.Episode, status, assignee, name, chat.Tags, effect.Reason, effect.Note);
    }
}
