using System.Security.Cryptography;
using System.Text;
using WaFunctions.Broadcasts;
using WaFunctions.Broadcasts.OptOut;
using WaFunctions.Chats;
using WaFunctions.Events;
using WaFunctions.Groups;
using WaFunctions.Messages;

namespace WaFunctions.Engine;

/// <summary>
/// Message events → the message row (by id), the chat history row and the chat summary. Storage round trips per event:
/// received/sent ≈ 1–2 (message row) + 2 (history read + write) + 2 (chat read + transaction) + 1 (mark counted) + the
/// outbox; an inbound message also moves its chat's reply window (1 read, 1 write) and a group message reads the group
/// (its subject names the chat); failed/status: 2 (read + conditional write) + 2 (history read + write, so the history
/// page shows the ticks without reading each message) + the outbox. Reports on a broadcast's
/// message then move its recipient (<see cref="BroadcastProgress"/>: 2 reads + 1 transaction); an inbound stop word adds
/// the sender to the suppression list (<see cref="OptOutObserver"/>: 1 upsert).
/// <para>
/// Fan-out: every report the engine makes is recorded as its event, whether or not it moved the stored status — a
/// <c>delivered</c> receipt processed after <c>read</c> (the queue does not keep order, and a crash between storing a
/// receipt and recording its event leaves the redelivered receipt behind a later one) is still
/// <c>message.delivered</c>, carrying the message's current status. Domain event ids derive from what the report is
/// about (session, message, event type, receipt status, group participant), so a redelivered or replayed
/// (<c>duplicate</c>) report records the same id: each receipt reaches a subscriber under exactly one id.
/// </para>
/// </summary>
internal sealed class MessageEvents(MessageStore messages, ChatStore chats, IContactNames contacts, IEventOutbox outbox,
    BroadcastProgress broadcasts, OptOutObserver optOuts, ReplyWindowStore replyWindows, MessageResponsesStore responses, GroupStore groups,
    Inbox.Conversations.ConversationService conversations, TimeProvider clock)
{
    public async Task ReceivedAsync(EngineEnvelope e, CancellationToken ct)
    {
        if (e.Object("message") is not { } m) throw new InvalidOperationException("message.received without message");
        var seed = InboundMessage.Parse(e, m);
        var isGroup = m.TryGetProperty("isGroup", out var ig) ? ig.ValueKind == System.Text.Json.JsonValueKind.True : Jid.IsGroup(seed.ChatId);
        var (stored, _) = await messages.AddOrGetAsync(seed, ct).ConfigureAwait(false);
        if (stored.HistoryKey is null) // our own API send, reported back as a message from this device
            stored = await messages.UpdateAsync(seed.MessageId, e.SessionId, null, r => r.HistoryKey is null ? r with { HistoryKey = seed.HistoryKey } : null, ct).ConfigureAwait(false) ?? stored;
        await messages.WriteHistoryAsync(stored, ct).ConfigureAwait(false);
        if (!stored.ChatApplied)
        {
            var name = isGroup ? (await groups.GetAsync(e.SessionId, stored.ChatId, ct).ConfigureAwait(false))?.Subject
                : stored.FromMe ? null : await ChatNameAsync(stored.ChatId, stored.PushName, ct).ConfigureAwait(false);
            await chats.ApplyAsync(new ChatMessage(e.SessionId, stored.ChatId, isGroup, stored.MessageId, MessagePreview.Of(stored), stored.Timestamp, Unread: !stored.FromMe, name), ct).ConfigureAwait(false);
            await messages.MarkChatAppliedAsync(stored, ct).ConfigureAwait(false);
        }
        if (!stored.FromMe)
            await replyWindows.NoteInboundAsync(e.SessionId, stored.ChatId, Math.Min(stored.Timestamp, clock.GetUtcNow().ToUnixTimeSeconds()), ct).ConfigureAwait(false);
        await RecordAsync(e, "message.received", MessageDetailView.Of(stored), ct, stored.MessageId).ConfigureAwait(false);
        await conversations.OnReceivedAsync(stored, ct).ConfigureAwait(false);
        await optOuts.ObserveAsync(e.SessionId, stored.ChatId, stored.MessageId, stored.FromMe, isGroup, stored.Kind == MessageKinds.Text ? stored.Body : "", ct).ConfigureAwait(false);
    }

    /// <summary>Returns the broadcast whose orchestration should look again (see <see cref="BroadcastProgress.ApplyAsync"/>), if any.</summary>
    public async Task<string?> SentAsync(EngineEnvelope e, CancellationToken ct)
    {
        var id = e.String("messageId") ?? throw new InvalidOperationException("message.sent without messageId");
        var to = e.String("to") ?? "";
        var timestamp = e.Long("timestamp") ?? e.At.ToUnixTimeSeconds();
        var seq = e.Seq ?? 0;
        // A send that did not come through this API (none today) has no row yet: start one from the report.
        var seed = new MessageRecord(id, e.SessionId, to, true, "chat", "", null, false, timestamp, DeliveryStatus.Queued, 0, null, null,
            e.String("clientMessageId"), null, false);
        var stored = await messages.UpdateAsync(id, e.SessionId, seed, m =>
        {
            var replaces = DeliveryStatus.Replaces(m.Status ?? DeliveryStatus.Queued, m.StatusSeq, DeliveryStatus.Sent, seq);
            if (!replaces && m.HistoryKey is not null) return null;
            var updated = m with { Timestamp = timestamp, HistoryKey = m.HistoryKey ?? MessageRecord.HistoryKeyFor(timestamp, seq, id), ChatId = m.ChatId.Length > 0 ? m.ChatId : to };
            return replaces ? updated with { Status = DeliveryStatus.Sent, StatusSeq = seq, Reason = null, Retryable = null } : updated;
        }, ct).ConfigureAwait(false);
        if (stored is null) return null;
        if (stored.Kind == MessageKinds.Reaction && stored.Details?.Reaction is { } reaction)
        {
            // A reaction is not a line of the chat: it attaches to its message.
            var ours = new StoredReaction(stored.Author ?? "", reaction.Emoji, stored.Timestamp, FromMe: true);
            await responses.ApplyReactionAsync(e.SessionId, reaction.MessageId, ours, seq, ct).ConfigureAwait(false);
            await MessageChangeEvents.RecordReactionAsync(outbox, messages, responses, e, reaction.MessageId, stored.ChatId, ours, Id(e.SessionId, stored.MessageId, "message.reaction"), ct).ConfigureAwait(false);
        }
        else
        {
            await messages.WriteHistoryAsync(stored, ct).ConfigureAwait(false);
            if (!stored.ChatApplied)
            {
                var group = Jid.IsGroup(stored.ChatId);
                var name = group ? (await groups.GetAsync(e.SessionId, stored.ChatId, ct).ConfigureAwait(false))?.Subject : await ChatNameAsync(stored.ChatId, null, ct).ConfigureAwait(false);
                await chats.ApplyAsync(new ChatMessage(e.SessionId, stored.ChatId, group, id, MessagePreview.Of(stored), stored.Timestamp, Unread: false, name), ct).ConfigureAwait(false);
                await messages.MarkChatAppliedAsync(stored, ct).ConfigureAwait(false);
            }
        }
        await RecordAsync(e, "message.sent", MessageDetailView.Of(stored), ct, stored.MessageId).ConfigureAwait(false);
        // A reaction is not an answer: it neither opens a conversation nor counts as a response.
        if (stored.Kind != MessageKinds.Reaction) await conversations.OnSentAsync(stored, ct).ConfigureAwait(false);
        return await broadcasts.ApplyAsync(stored, ct).ConfigureAwait(false);
    }

    public async Task<string?> FailedAsync(EngineEnvelope e, CancellationToken ct)
    {
        var clientMessageId = e.String("clientMessageId") ?? throw new InvalidOperationException("message.failed without clientMessageId");
        var id = MessageRecord.OutboundId(e.SessionId, clientMessageId);
        var error = e.String("error") ?? "send_failed";
        var stored = await ApplyStatusAsync(id, e, DeliveryStatus.Failed, error, e.Bool("retryable"), ct).ConfigureAwait(false);
        if (stored is null) return null; // a message this app never stored
        await RecordAsync(e, "message.failed", MessageDetailView.Of(stored) with { Reason = error, Retryable = e.Bool("retryable") }, ct, id, error).ConfigureAwait(false);
        return await broadcasts.ApplyAsync(stored, ct).ConfigureAwait(false);
    }

    public async Task<string?> StatusAsync(EngineEnvelope e, CancellationToken ct)
    {
        var id = e.String("messageId") ?? throw new InvalidOperationException("message.status without messageId");
        var status = e.String("status");
        if (status is not (DeliveryStatus.Delivered or DeliveryStatus.Read or DeliveryStatus.Played or DeliveryStatus.Failed)) return null;
        var stored = await ApplyStatusAsync(id, e, status, status == DeliveryStatus.Failed ? "delivery_failed" : null, null, ct).ConfigureAwait(false);
        if (stored is null) return null;
        var type = status switch { DeliveryStatus.Delivered => "message.delivered", DeliveryStatus.Failed => "message.failed", _ => "message.read" };
        var participant = e.String("participant");
        var receipt = new ReceiptView(status, participant, e.Long("timestamp") ?? e.At.ToUnixTimeSeconds());
        await RecordAsync(e, type, MessageDetailView.Of(stored, receipt: receipt), ct, id, status, participant).ConfigureAwait(false);
        return await broadcasts.ApplyAsync(stored, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the status forward (see <see cref="DeliveryStatus"/>), and its copy in the chat history (which shows the ticks), and
    /// returns the row as it is now; null for a message this app never stored.
    /// </summary>
    private async Task<MessageRecord?> ApplyStatusAsync(string id, EngineEnvelope e, string status, string? reason, bool? retryable, CancellationToken ct)
    {
        var stored = await messages.UpdateAsync(id, e.SessionId, null, m =>
            DeliveryStatus.Replaces(m.Status ?? DeliveryStatus.Queued, m.StatusSeq, status, e.Seq ?? 0)
                ? m with { Status = status, StatusSeq = e.Seq ?? 0, Reason = reason, Retryable = retryable }
                : null, ct).ConfigureAwait(false);
        if (stored?.HistoryKey is not null) await messages.WriteHistoryAsync(stored, ct).ConfigureAwait(false);
        return stored;
    }

    /// <summary>The CRM contact's name for a person, else the WhatsApp push name.</summary>
    private async Task<string?> ChatNameAsync(string chatId, string? pushName, CancellationToken ct) =>
        (Jid.PhoneOf(chatId) is { } phone ? await contacts.NameForPhoneAsync(phone, ct).ConfigureAwait(false) : null) ?? pushName;

    /// <summary>A domain event id from what it is about: the same facts always give the same id.</summary>
    internal static string Id(params string?[] parts) =>
        "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts.Select(p => p ?? "")))))[..32];

    private Task RecordAsync(EngineEnvelope e, string type, MessageDetailView view, CancellationToken ct, params string?[] about) =>
        outbox.RecordAsync(new DomainEvent(Id([e.SessionId, .. about.Take(1), type, .. about.Skip(1)]), type, e.SessionId, e.At, view), ct);
}
