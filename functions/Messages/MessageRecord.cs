using System.Globalization;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>
/// One message as known by id (table <c>messagesbyid</c>): inbound messages as received, outbound ones
/// from the moment the API queued them, with their delivery status. <see cref="HistoryKey"/> is the
/// RowKey of its row in the chat history (set once, so a replayed event never makes a second row);
/// <see cref="ChatApplied"/> says the chat summary already counts it. <see cref="Details"/> holds what the message
/// carries beyond its text (see <see cref="MessageDetails"/>); <see cref="EditedAt"/> and <see cref="RevokedAt"/> record an
/// edit and a deletion for everyone.
/// </summary>
public sealed record MessageRecord(
    string MessageId, string SessionId, string ChatId, bool FromMe, string Type, string Body, string? Author, bool HasMedia,
    long Timestamp, string? Status, long StatusSeq, string? Reason, bool? Retryable, string? ClientMessageId,
    string? HistoryKey, bool ChatApplied)
{
    /// <summary>Texts longer than this are cut in the chat history rows (the message row keeps all of it).</summary>
    public const int HistoryBodyChars = 30_000;

    public MessageDetails? Details { get; init; }
    public string? PushName { get; init; }
    public long? EditedAt { get; init; }
    public long? RevokedAt { get; init; }

    /// <summary>The API/engine kind (<c>text</c>, <c>image</c>, … see <see cref="MessageKinds"/>).</summary>
    public string Kind => Details?.Kind ?? KindFromType(Type);

    /// <summary>A message we sent from this API, status <c>queued</c> until the engine reports.</summary>
    public static MessageRecord Outbound(string messageId, string sessionId, string chatId, string type, string body, string? author,
        long timestamp, string clientMessageId, MessageDetails? details) =>
        new(messageId, sessionId, chatId, FromMe: true, type, body, author, HasMedia: details?.Media is not null, timestamp,
            DeliveryStatus.Queued, 0, null, null, clientMessageId, null, false) { Details = details };

    internal TableEntity ToEntity()
    {
        var e = new TableEntity(TableKey.Encode(MessageId), SessionId)
        {
            ["ChatId"] = ChatId, ["FromMe"] = FromMe, ["Type"] = Type, ["Author"] = Author, ["HasMedia"] = HasMedia,
            ["UnixTime"] = Timestamp, ["Status"] = Status, ["StatusSeq"] = StatusSeq, ["Reason"] = Reason, ["Retryable"] = Retryable,
            ["ClientMessageId"] = ClientMessageId, ["HistoryKey"] = HistoryKey, ["ChatApplied"] = ChatApplied,
            ["PushName"] = PushName, ["EditedAt"] = EditedAt, ["RevokedAt"] = RevokedAt,
        };
        LongText.Write(e, "Body", Body.Length > LongText.MaxChars / 2 ? Body[..(LongText.MaxChars / 2)] : Body);
        LongText.Write(e, "Details", Details?.Serialize());
        return e;
    }

    internal static MessageRecord FromEntity(TableEntity e) => new(
        TableKey.Decode(e.PartitionKey), e.RowKey, e.GetString("ChatId") ?? "", e.GetBoolean("FromMe") ?? false, e.GetString("Type") ?? "chat",
        LongText.Read(e, "Body") ?? "", e.GetString("Author"), e.GetBoolean("HasMedia") ?? false, e.GetInt64("UnixTime") ?? 0,
        e.GetString("Status"), e.GetInt64("StatusSeq") ?? 0, e.GetString("Reason"), e.GetBoolean("Retryable"),
        e.GetString("ClientMessageId"), e.GetString("HistoryKey"), e.GetBoolean("ChatApplied") ?? false)
    {
        Details = MessageDetails.Deserialize(LongText.Read(e, "Details")),
        PushName = e.GetString("PushName"),
        EditedAt = e.GetInt64("EditedAt"),
        RevokedAt = e.GetInt64("RevokedAt"),
    };

    /// <summary>
    /// Newest first within a chat: inverted unix seconds, then inverted engine seq (orders messages of the
    /// same second as the engine saw them), then the id.
    /// </summary>
    public static string HistoryKeyFor(long timestamp, long seq, string messageId) =>
        (9_999_999_999L - Math.Clamp(timestamp, 0, 9_999_999_999L)).ToString("D10", CultureInfo.InvariantCulture) + "_" +
        (long.MaxValue - Math.Max(seq, 0)).ToString("D19", CultureInfo.InvariantCulture) + "_" + TableKey.Encode(messageId);

    /// <summary>The row of the chat history (table <c>messages</c>) in the seed's shape.</summary>
    internal TableEntity ToHistoryEntity() => new(MessageStore.HistoryPartition(SessionId, ChatId), HistoryKey!)
    {
        ["MessageId"] = MessageId, ["ChatId"] = ChatId, ["Body"] = Body.Length > HistoryBodyChars ? Body[..HistoryBodyChars] : Body,
        ["Type"] = Type, ["Author"] = Author,
        ["FromMe"] = FromMe, ["HasMedia"] = HasMedia, ["UnixTime"] = Timestamp,
    };

    /// <summary>One item of <c>GET /chats/{chatId}/messages</c>, exactly the seed's fields.</summary>
    internal static MessageView HistoryView(string sessionId, TableEntity e) => new(
        e.GetString("MessageId") ?? "", sessionId, e.GetString("ChatId") ?? "", e.GetString("Body") ?? "", e.GetString("Type") ?? "chat",
        e.GetString("Author"), e.GetBoolean("FromMe") ?? false, e.GetBoolean("HasMedia") ?? false, e.GetInt64("UnixTime") ?? 0);

    /// <summary>
    /// Engine message types in the seed's vocabulary (that of WhatsApp Web clients): text is <c>chat</c>,
    /// a contact card <c>vcard</c>, a poll <c>poll_creation</c>, a voice note <c>ptt</c>; image, video, audio,
    /// document, sticker, location, reaction keep their names; anything else is <c>unknown</c>.
    /// </summary>
    public static string TypeFromEngine(string? kind, bool ptt = false) => kind switch
    {
        "text" => "chat",
        "contact" => "vcard",
        "poll" => "poll_creation",
        "audio" when ptt => "ptt",
        "image" or "video" or "audio" or "document" or "sticker" or "location" or "reaction" => kind,
        _ => "unknown",
    };

    /// <summary>The kind of a row written before messages had details (only texts and a type then).</summary>
    public static string KindFromType(string type) => type switch
    {
        "chat" => MessageKinds.Text,
        "vcard" => MessageKinds.Contact,
        "poll_creation" => MessageKinds.Poll,
        "ptt" => MessageKinds.Audio,
        "image" or "video" or "audio" or "document" or "sticker" or "location" or "reaction" => type,
        _ => MessageKinds.Unknown,
    };

    /// <summary>
    /// The WhatsApp id the engine-host gives an outbound message (its bus contract): "3EB0" + the first 18 hex
    /// digits of SHA-256(sessionId + "\n" + clientMessageId), uppercase. Known before the send, so the API can
    /// answer with it and receipts find the row.
    /// </summary>
    public static string OutboundId(string sessionId, string clientMessageId) =>
        "3EB0" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionId + "\n" + clientMessageId)))[..18];

    public static bool IsMediaType(string type) => type is "image" or "video" or "audio" or "document" or "sticker";
}

/// <summary>A message in a chat's history, the contract's shape; <see cref="Timestamp"/> in Unix seconds.</summary>
internal sealed record MessageView(string MessageId, string SessionId, string ChatId, string Body, string Type, string? Author, bool FromMe,
    bool HasMedia, long Timestamp) : OpenApi.IHasExample
{
    public static object Example => new MessageView("ABCD1234", "n1a2b3c", "919812345678@s.whatsapp.net", "Refund please", "chat",
        "919812345678@s.whatsapp.net", false, false, 1751193300);
}

/// <summary>
/// The answer to a send: the contract's <c>{ status, to, from }</c> plus the message id, which
/// <c>GET /messages/{id}</c> and the message events carry too.
/// </summary>
internal sealed record SentMessageView(string Status, string To, string From, string Id) : OpenApi.IHasExample
{
    public static object Example => new SentMessageView("sent", "919812345678@s.whatsapp.net", "n1a2b3c", "3EB0A1B2C3D4E5F60718");
}
