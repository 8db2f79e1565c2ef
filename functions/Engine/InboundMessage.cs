using System.Text.Json;
using WaFunctions.Messages;

namespace WaFunctions.Engine;

/// <summary>
/// A <c>message.received</c> event's <c>ReceivedMessage</c> (engine-host/README.md) as a message row: the kind and
/// body, and everything else of its kind in <see cref="MessageDetails"/> — the stored file or why it could not be
/// downloaded, a location, contact cards, a poll, the quoted message, mentions, view-once. Pure.
/// </summary>
public static class InboundMessage
{
    public static MessageRecord Parse(EngineEnvelope e, JsonElement m)
    {
        string? S(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        JsonElement? O(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;
        bool B(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        long? L(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

        var id = S(m, "id") ?? throw new InvalidOperationException("message.received without message.id");
        var chatId = S(m, "chatId") ?? throw new InvalidOperationException("message.received without message.chatId");
        var fromMe = B(m, "fromMe");
        var timestamp = L(m, "timestamp") ?? e.At.ToUnixTimeSeconds();
        var kind = S(m, "type") is { } t && (MessageKinds.Sendable.Contains(t) || t == MessageKinds.Unknown) ? t : MessageKinds.Unknown;

        StoredMedia? media = null;
        if (O(m, "media") is { } f)
            media = new StoredMedia(S(f, "blob"), S(f, "mimetype"), L(f, "size"), S(f, "sha256"), S(f, "fileName") ?? S(f, "filename"),
                S(f, "caption"), B(f, "ptt") ? true : null, S(f, "error") ?? (S(f, "blob") is null ? "download_failed" : null), S(f, "detail"));
        LocationContent? location = O(m, "location") is { } l && l.TryGetProperty("latitude", out var lat) && l.TryGetProperty("longitude", out var lng)
            && lat.TryGetDouble(out var la) && lng.TryGetDouble(out var lo) ? new LocationContent(la, lo, S(l, "name"), S(l, "address")) : null;
        ContactCard? Card(JsonElement c) => new(S(c, "fullName") ?? "", S(c, "phoneNumber"), S(c, "organization"), S(c, "vcard"));
        var contacts = m.TryGetProperty("contacts", out var cs) && cs.ValueKind == JsonValueKind.Array
            ? cs.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).Select(c => Card(c)!).ToList() : null;
        PollContent? poll = O(m, "poll") is { } p
            ? new PollContent(S(p, "name") ?? "", p.TryGetProperty("options", out var os) && os.ValueKind == JsonValueKind.Array
                ? os.EnumerateArray().Select(o => o.GetString() ?? "").ToList() : [], (int)(L(p, "selectableCount") ?? 0)) : null;
        var replyTo = O(m, "replyTo") is { } r && S(r, "id") is { } rid ? new QuotedMessage(rid, S(r, "participant"))
            : S(m, "quotedId") is { } q ? new QuotedMessage(q, null) : null;
        var mentions = m.TryGetProperty("mentions", out var ms) && ms.ValueKind == JsonValueKind.Array
            ? ms.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToList() : [];

        var details = new MessageDetails
        {
            Kind = kind, Media = media, Location = location, Contact = O(m, "contact") is { } c1 ? Card(c1) : null, Contacts = contacts,
            Poll = poll, ReplyTo = replyTo, Mentions = mentions.Count > 0 ? mentions : null, ViewOnce = B(m, "viewOnce"),
        };
        var type = MessageRecord.TypeFromEngine(kind, media?.Ptt == true);
        return new MessageRecord(id, e.SessionId, chatId, fromMe, type, S(m, "body") ?? "", S(m, "author") ?? S(m, "from"),
            media is not null || MessageKinds.IsMedia(kind), timestamp, fromMe ? DeliveryStatus.Sent : null, e.Seq ?? 0, null, null, null,
            MessageRecord.HistoryKeyFor(timestamp, e.Seq ?? 0, id), false)
        { Details = details, PushName = S(m, "pushName") };
    }
}
