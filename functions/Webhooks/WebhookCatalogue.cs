using WaFunctions.Broadcasts;
using WaFunctions.Contacts;
using WaFunctions.Engine;
using WaFunctions.Chats;
using WaFunctions.Groups;
using WaFunctions.Inbox.Conversations;
using WaFunctions.Messages;
using WaFunctions.Tickets;

namespace WaFunctions.Webhooks;

/// <summary><c>webhook.test</c>: sent on request to one webhook (<c>POST /webhooks/{id}/test</c>).</summary>
public sealed record WebhookTestEventData(string WebhookId, string Message);

/// <summary>One event type: the CLR type its <c>data</c> is serialized from, what it means, an example <c>data</c>.</summary>
public sealed record WebhookEventDoc(string Type, Type DataType, string Summary, object Example, bool HasSession = true)
{
    /// <summary>The envelope of <see cref="Example"/>, serialized exactly as deliveries are (the OpenAPI document's and EVENTS.md's example).</summary>
    public System.Text.Json.Nodes.JsonNode Envelope()
    {
        var payload = new WebhookEvent("evt_3f0c9a1b2c4d5e6f7a8b9c0d1e2f3a4b", Type, HasSession ? "n1a2b3c" : null,
            new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), System.Text.Json.JsonSerializer.SerializeToElement(Example, DataType, WebhookEvent.Json));
        return System.Text.Json.Nodes.JsonNode.Parse(payload.ToBody())!;
    }
}

/// <summary>
/// Every webhook event the app sends: the one list that the OpenAPI document's <c>webhooks</c> section (a schema and an
/// example each, see <c>OpenApi/ApiDocumentation</c>), the subscribable types and EVENTS.md are checked against. The
/// schemas are generated from <see cref="WebhookEventDoc.DataType"/>, the very types the handlers serialize, and a test
/// validates every event the suites emit against them.
/// </summary>
public static class WebhookCatalogue
{
    private const string Session = "n1a2b3c";
    private const string Person = "919812345678@s.whatsapp.net";
    private const string Me = "4915112345678@s.whatsapp.net";
    private const string GroupJid = "120363012345678901@g.us";
    private const long At = 1_751_193_300;

    private static MessageDetailView Message(string id, bool fromMe, string? status, string kind, string type, string body, ReceiptView? receipt = null,
        MediaView? media = null, PollView? poll = null, IReadOnlyList<ReactionView>? reactions = null, long? editedAt = null, long? revokedAt = null) =>
        new(id, Session, Person, fromMe, status, null, null, type, kind, body, fromMe ? Me : Person, fromMe ? null : "Asha Rao", media is not null, At,
            media, null, null, null, poll, null, null, [], false, reactions, editedAt, revokedAt is not null, revokedAt, receipt);

    internal static readonly MessageDetailView Inbound = Message("3A5F0C1D2E3F40516273", false, null, "image", "image", "Is this the one?",
        media: new MediaView("image/jpeg", 48213, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null, "Is this the one?", null,
            "/api/v1/messages/3A5F0C1D2E3F40516273/media?sessionId=n1a2b3c", null, null));

    private static readonly MessageDetailView Outbound = Message("3EB0F154AE206F20C4F1F7", true, "sent", "text", "chat", "Your order shipped");

    private static readonly GroupView Group = new(GroupJid, Session, "Order updates", "Shipping news", Me, At, 2, false, false,
        [new GroupParticipant(Me, "superadmin"), new GroupParticipant(Person, null)]);

    public static readonly IReadOnlyList<WebhookEventDoc> Events =
    [
        new("message.received", typeof(MessageDetailView), "A message arrived (or was sent from the phone itself: fromMe). Media is stored first: media.url serves it, or media.error says why it could not be downloaded.", Inbound),
        new("message.sent", typeof(MessageDetailView), "The engine handed an outbound message to WhatsApp.", Outbound),
        new("message.delivered", typeof(MessageDetailView), "A delivery receipt (receipt.participant: who, in a group). status is the message's current status, which may already be later.",
            Outbound with { Status = "delivered", Receipt = new ReceiptView("delivered", null, At + 2) }),
        new("message.read", typeof(MessageDetailView), "A read receipt (receipt.status read, or played for voice notes). status is the message's current status.",
            Outbound with { Status = "read", Receipt = new ReceiptView("read", null, At + 9) }),
        new("message.failed", typeof(MessageDetailView), "An outbound message could not be sent or delivered: reason (e.g. not_on_whatsapp) and retryable are the failure's; status is the message's current status.",
            Outbound with { Status = "failed", Reason = "not_on_whatsapp", Retryable = false }),
        new("message.reaction", typeof(ReactionEventData), "Someone reacted to a message (removed: took it back). message is the message with all its reactions.",
            new ReactionEventData(Outbound.Id, Person, Person, "👍", false, false, true, At + 30,
                Outbound with { Status = "read", Reactions = [new ReactionView(Person, "👍", At + 30, false)] })),
        new("message.edited", typeof(MessageEditedEventData), "The sender edited a message's text or caption.",
            new MessageEditedEventData(Inbound.Id, Person, Person, "Is this the right one?", At + 60, Inbound with { Body = "Is this the right one?", EditedAt = At + 60 })),
        new("message.revoked", typeof(MessageRevokedEventData), "The sender deleted a message for everyone; its content is no longer kept.",
            new MessageRevokedEventData(Inbound.Id, Person, Person, At + 90, Inbound with { Body = "", HasMedia = false, Media = null, Revoked = true, RevokedAt = At + 90 })),
        new("poll.vote", typeof(PollVoteEventData), "Someone voted on a poll (their latest vote replaces earlier ones; an empty list withdraws it). poll is the tally.",
            new PollVoteEventData("3EB0AB12CD34EF56AB78CD", Person, Person, ["Friday"], At + 120, null, null,
                new PollView("Pick-up day?", [new PollOptionView("Thursday", 0, []), new PollOptionView("Friday", 1, [Person])], 1, 1))),
        new("session.qr", typeof(SessionQrEventData), "A new QR code to link the number (render qr as a QR code) until expiresAt.", new SessionQrEventData("2@f3Kx9…", At + 60)),
        new("session.connected", typeof(SessionStatusEventData), "The number is linked and ready to send.", new SessionStatusEventData("ready", null, null, "4915112345678")),
        new("session.disconnected", typeof(SessionStatusEventData), "The connection dropped (the engine reconnects with backoff) or failed.", new SessionStatusEventData("disconnected", "connection_lost", 408, null)),
        new("session.logged_out", typeof(SessionStatusEventData), "The device was unlinked; a new QR scan is needed.", new SessionStatusEventData("logged_out", "logged_out", 401, null)),
        new("session.warning", typeof(SessionWarningEventData), "WhatsApp limited the number (e.g. a reach-out timelock).", new SessionWarningEventData("reachout_timelock", "New chats are blocked for a while.", At + 86_400)),
        new("broadcast.started", typeof(BroadcastStartedEventData), "A broadcast handed its first message to the engine.", new BroadcastStartedEventData("b_5e4d3c8a1f", "July promo", 500)),
        new("broadcast.paused", typeof(BroadcastPausedEventData), "A broadcast stopped sending for a while (requested, daily_cap, quiet_hours, session_not_ready); once per episode.",
            new BroadcastPausedEventData("b_5e4d3c8a1f", "daily_cap", "200 of 200 sent on 2025-07-01", 200, 300, new DateTimeOffset(2025, 7, 2, 0, 0, 0, TimeSpan.Zero))),
        new("broadcast.completed", typeof(BroadcastCompletedEventData), "Every recipient of a broadcast has a final outcome.", new BroadcastCompletedEventData("b_5e4d3c8a1f", 495, 4, 1)),
        new("broadcast.failed", typeof(BroadcastFailedEventData), "A broadcast stopped for good (its number was deleted).", new BroadcastFailedEventData("b_5e4d3c8a1f", "session_deleted", 120, 380)),
        new("contact.created", typeof(ContactView), "A contact was created.", Contact, HasSession: false),
        new("contact.updated", typeof(ContactView), "A contact's fields or tags changed; data is the contact as it is now.", Contact with { Lifecycle = "customer" }, HasSession: false),
        new("ticket.created", typeof(TicketView), "A support ticket was opened.", Ticket, HasSession: false),
        new("ticket.updated", typeof(TicketView), "A ticket's status, assignee or fields changed; data is the ticket as it is now.", Ticket with { Status = "resolved" }, HasSession: false),
        new("group.joined", typeof(GroupView), "The number joined or created a group (not repeated on reconnect).", Group),
        new("group.updated", typeof(GroupView), "A group's subject, description, settings or members changed; data is the group as it is now.", Group with { Subject = "Order updates (July)" }),
        new("group.participants", typeof(GroupParticipantsEventData), "People joined or left a group, or changed rank. group is the group after it (null once this number left).",
            new GroupParticipantsEventData(GroupJid, "add", ["919812345679@s.whatsapp.net"], Me,
                Group with { Size = 3, Participants = [.. Group.Participants, new GroupParticipant("919812345679@s.whatsapp.net", null)] })),
        new("conversation.created", typeof(ConversationEventData), "A chat's first conversation, or its next one after it was closed, opened by an inbound message (or POST /reopen on a chat that never had one).",
            Conversation(Chat.Open)),
        new("conversation.assigned", typeof(ConversationEventData), "The assignee changed; reason auto, api, idle or agent_removed. A null assignee is an unassignment.",
            Conversation(Chat.Open, "auto", tags: ["tg_0billing01"])),
        new("conversation.resolved", typeof(ConversationEventData), "An agent resolved the conversation; a new inbound message reopens it.", Conversation(Chat.Resolved)),
        new("conversation.reopened", typeof(ConversationEventData), "A resolved conversation opened again; reason inbound, follow_up or api.", Conversation(Chat.Open, "inbound")),
        new("conversation.closed", typeof(ConversationEventData), "The conversation was closed (PATCH with status closed); the chat's next inbound message starts a new one.", Conversation(Chat.Closed)),
        new("conversation.follow_up_due", typeof(ConversationEventData), "A follow-up set on the conversation is due; note is its note.",
            Conversation(Chat.Open, "follow_up", "Call back about the refund")),
        new(WebhookEventTypes.Test, typeof(WebhookTestEventData), "Sent on request to one webhook; cannot be subscribed to.",
            new WebhookTestEventData("wh_3f9c0e1d2a4b5c6d7e8f", "A test event sent on request."), HasSession: false),
    ];

    private static ConversationEventData Conversation(string status, string? reason = null, string? note = null, IReadOnlyList<string>? tags = null) =>
        new(Session, Person, "Asha Rao", 1, status, "ag_k3v9m2x7qa", "Ravi", tags ?? [], reason, note);

    private static ContactView Contact => new("c_1a2b3c", "Asha Rao", "919812345678", "asha@example.com", null, null, null, ["website"], "lead", null, null,
        new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero));

    private static TicketView Ticket => new("t_9f8e7d", "TKT-2041", "Refund not received", "Asha Rao", "919812345678", "open", "high", null, "api",
        new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), null, null);
}
