using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WaFunctions.Broadcasts;
using WaFunctions.Broadcasts.OptOut;
using WaFunctions.Chats;
using WaFunctions.Events;
using WaFunctions.Messages;

namespace WaFunctions.Engine;

/// <summary>
/// Message events → the message row (by id), the chat history row and the chat summary. Storage round
/// trips per event: received/sent ≈ 1–2 (message row) + 1 (history upsert) + 2 (chat read + transaction)
/// + 1 (mark counted) + the outbox; failed/status: 2 (read + conditional write) + the outbox. Reports on a
/// broadcast's message then move its recipient (<see cref="BroadcastProgress"/>: 2 reads + 1 transaction); an inbound
/// stop word adds the sender to the suppression list (<see cref="OptOutObserver"/>: 1 upsert). Domain event
/// ids derive from (session, message id, event type), so a redelivered or replayed (<c>duplicate</c>)
/// engine event records the same id.
/// </summary>
internal sealed class MessageEvents(MessageStore messages, ChatStore chats, IContactNames contacts, IEventOutbox outbox,
    BroadcastProgress broadcasts, OptOutObserver optOuts, Inbox.Conversations.ConversationService conversations)
{
    public async Task ReceivedAsync(EngineEnvelope e, CancellationToken ct)
    {
        if (e.Object("message") is not { } m) throw new InvalidOperationException("message.received without message");
        string? S(string name) => m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = S("id") ?? throw new InvalidOperationException("message.received without message.id");
        var chatId = S("chatId") ?? throw new InvalidOperationException("message.received without message.chatId");
        var fromMe = m.TryGetProperty("fromMe", out var fm) && fm.ValueKind == JsonValueKind.True;
        var isGroup = m.TryGetProperty("isGroup", out var ig) ? ig.ValueKind == JsonValueKind.True : Jid.IsGroup(chatId);
        var timestamp = m.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var t) ? t : e.At.ToUnixTimeSeconds();
        var type = MessageRecord.TypeFromEngine(S("type"));
        var hasMedia = MessageRecord.IsMediaType(type) || m.TryGetProperty("media", out _);
        var seed = new MessageRecord(id, e.SessionId, chatId, fromMe, type, S("body") ?? "", S("author") ?? S("from"), hasMedia, timestamp,
            fromMe ? DeliveryStatus.Sent : null, e.Seq ?? 0, null, null, null, MessageRecord.HistoryKeyFor(timestamp, e.Seq ?? 0, id), false);

        var (stored, _) = await messages.AddOrGetAsync(seed, ct).ConfigureAwait(false);
        if (stored.HistoryKey is null) // our own API send, reported back as a message from this device
            stored = await messages.UpdateAsync(id, e.SessionId, null, r => r.HistoryKey is null ? r with { HistoryKey = seed.HistoryKey } : null, ct).ConfigureAwait(false) ?? stored;
        await messages.WriteHistoryAsync(stored, ct).ConfigureAwait(false);
        if (!stored.ChatApplied)
        {
            var name = isGroup || fromMe ? null : await ChatNameAsync(chatId, S("pushName"), ct).ConfigureAwait(false);
            await chats.ApplyAsync(new ChatMessage(e.SessionId, chatId, isGroup, id, Preview(stored), timestamp, Unread: !fromMe, name), ct).ConfigureAwait(false);
            await messages.MarkChatAppliedAsync(stored, ct).ConfigureAwait(false);
        }
        await RecordAsync(e, "message.received", stored, ct).ConfigureAwait(false);
        await conversations.OnReceivedAsync(stored, ct).ConfigureAwait(false);
        await optOuts.ObserveAsync(e.SessionId, chatId, id, fromMe, isGroup, type == "chat" ? stored.Body : "", ct).ConfigureAwait(false);
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
        await messages.WriteHistoryAsync(stored, ct).ConfigureAwait(false);
        if (!stored.ChatApplied)
        {
            var name = Jid.IsGroup(stored.ChatId) ? null : await ChatNameAsync(stored.ChatId, null, ct).ConfigureAwait(false);
            await chats.ApplyAsync(new ChatMessage(e.SessionId, stored.ChatId, Jid.IsGroup(stored.ChatId), id, Preview(stored), stored.Timestamp, Unread: false, name), ct).ConfigureAwait(false);
            await messages.MarkChatAppliedAsync(stored, ct).ConfigureAwait(false);
        }
        await RecordAsync(e, "message.sent", stored, ct).ConfigureAwait(false);
        await conversations.OnSentAsync(stored, ct).ConfigureAwait(false);
        return await broadcasts.ApplyAsync(stored, ct).ConfigureAwait(false);
    }

    public async Task<string?> FailedAsync(EngineEnvelope e, CancellationToken ct)
    {
        var clientMessageId = e.String("clientMessageId") ?? throw new InvalidOperationException("message.failed without clientMessageId");
        var id = MessageRecord.OutboundId(e.SessionId, clientMessageId);
        var stored = await ApplyStatusAsync(id, e, DeliveryStatus.Failed, e.String("error") ?? "send_failed", e.Bool("retryable"), ct).ConfigureAwait(false);
        if (stored?.Status == DeliveryStatus.Failed) await RecordAsync(e, "message.failed", stored, ct).ConfigureAwait(false);
        return stored is null ? null : await broadcasts.ApplyAsync(stored, ct).ConfigureAwait(false);
    }

    public async Task<string?> StatusAsync(EngineEnvelope e, CancellationToken ct)
    {
        var id = e.String("messageId") ?? throw new InvalidOperationException("message.status without messageId");
        var status = e.String("status");
        if (status is not (DeliveryStatus.Delivered or DeliveryStatus.Read or DeliveryStatus.Played or DeliveryStatus.Failed)) return null;
        var stored = await ApplyStatusAsync(id, e, status, status == DeliveryStatus.Failed ? "delivery_failed" : null, null, ct).ConfigureAwait(false);
        var type = status switch { DeliveryStatus.Delivered => "message.delivered", DeliveryStatus.Read => "message.read", DeliveryStatus.Failed => "message.failed", _ => null };
        if (type is not null && stored?.Status == status) await RecordAsync(e, type, stored, ct).ConfigureAwait(false);
        return stored is null ? null : await broadcasts.ApplyAsync(stored, ct).ConfigureAwait(false);
    }

    /// <summary>Moves the status forward (see <see cref="DeliveryStatus"/>); a message this app never stored is ignored.</summary>
    private Task<MessageRecord?> ApplyStatusAsync(string id, EngineEnvelope e, string status, string? reason, bool? retryable, CancellationToken ct) =>
        messages.UpdateAsync(id, e.SessionId, null, m =>
            DeliveryStatus.Replaces(m.Status ?? DeliveryStatus.Queued, m.StatusSeq, status, e.Seq ?? 0)
                ? m with { Status = status, StatusSeq = e.Seq ?? 0, Reason = reason, Retryable = retryable }
                : null, ct);

    /// <summary>The CRM contact's name for a person, else the WhatsApp push name.</summary>
    private async Task<string?> ChatNameAsync(string chatId, string? pushName, CancellationToken ct) =>
        (Jid.PhoneOf(chatId) is { } phone ? await contacts.NameForPhoneAsync(phone, ct).ConfigureAwait(false) : null) ?? pushName;

    private static string Preview(MessageRecord m) => m.Body.Length > 0 ? m.Body[..Math.Min(m.Body.Length, 500)] : "[" + m.Type + "]";

    private Task RecordAsync(EngineEnvelope e, string type, MessageRecord m, CancellationToken ct)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{e.SessionId}\n{m.MessageId}\n{type}"));
        return outbox.RecordAsync(new DomainEvent("evt_" + Convert.ToHexStringLower(hash)[..32], type, e.SessionId, e.At, m.View()), ct);
    }
}
