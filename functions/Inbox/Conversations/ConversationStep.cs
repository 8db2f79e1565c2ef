using WaFunctions.Analytics;
using WaFunctions.Chats;

namespace WaFunctions.Inbox.Conversations;

/// <summary>The kinds of <see cref="ChatEffect"/>; all but <see cref="AutoReply"/> are webhook events <c>conversation.&lt;kind&gt;</c>.</summary>
public static class EffectKind
{
    public const string Created = "created", Reopened = "reopened", Resolved = "resolved", Closed = "closed", Assigned = "assigned",
        AutoReply = "auto_reply", FollowUpDue = "follow_up_due";
}

/// <summary>
/// One change to a conversation being worked out: the chat as it becomes, the effects it causes (under one cause) and
/// what it adds to the analytics counters (at <see cref="At"/>, for the assignee the chat ends up with).
/// </summary>
public sealed class ConversationStep(Chat before, string cause, long at)
{
    public const int EffectsKept = 30;

    public Chat Before { get; } = before;
    public Chat Chat { get; set; } = before;
    public string Cause { get; } = cause;
    public long At { get; } = at;
    public List<ChatEffect> Effects { get; } = [];
    public Tally Tally { get; } = new();

    public void Effect(string kind, string? agent = null, string? reason = null, string? note = null) =>
        Effects.Add(new ChatEffect(Cause, kind, At, agent, reason, note));

    /// <summary>The chat to store: one more version, the new effects remembered.</summary>
    public Chat Finish() => Chat with { Version = Before.Version + 1, Effects = [.. Before.Effects.Concat(Effects).TakeLast(EffectsKept)] };
}
