namespace WaFunctions.Webhooks;

/// <summary>The event catalogue (documented with payload examples in EVENTS.md).</summary>
public static class WebhookEventTypes
{
    public const string Test = "webhook.test";

    /// <summary>Types a webhook may subscribe to; <c>webhook.test</c> is sent only on request, to one webhook.</summary>
    public static readonly IReadOnlyList<string> Subscribable =
    [
        "message.received", "message.sent", "message.delivered", "message.read", "message.failed",
        "session.qr", "session.connected", "session.disconnected", "session.logged_out", "session.warning",
        "broadcast.started", "broadcast.paused", "broadcast.completed", "broadcast.failed",
        "contact.created", "contact.updated", "ticket.created", "ticket.updated",
        .. Inbox.Conversations.ConversationEvents.Types,
    ];

    /// <summary>What a webhook's events may hold: "*" (every type, on its own) or subscribable types.</summary>
    public static IEnumerable<string> Choices => Subscribable.Prepend("*");
}
