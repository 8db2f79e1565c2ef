using System.Globalization;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>
/// One message as known by id (table <c>messagesbyid</c>): inbound messages as received, outbound ones
/// from the moment the API queued them, with their delivery status. <see cref="HistoryKey"/> is the
/// RowKey of its row in the chat history (set once, so a replayed event never makes a second row);
/// <see cref="ChatApplied"/> says the chat summary already counts it.
/// </summary>
public sealed record MessageRecord(
    string MessageId, string SessionId, string ChatId, bool FromMe, string Type, string Body, string? Author, bool HasMedia,
    long Timestamp, string? Status, long StatusSeq, string? Reason, bool? Retryable, string? ClientMessageId,
    string? HistoryKey, bool ChatApplied)
{
    internal TableEntity ToEntity() => new(TableKey.Encode(MessageId), SessionId)
    {
        ["ChatId"] = ChatId, ["FromMe"] = FromMe, ["Type"] = Type, ["Body"] = Body, ["Author"] = Author, ["HasMedia"] = HasMedia,
        ["UnixTime"] = Timestamp, ["Status"] = Status, ["StatusSeq"] = StatusSeq, ["Reason"] = Reason, ["Retryable"] = Retryable,
        ["ClientMessageId"] = ClientMessageId, ["HistoryKey"] = HistoryKey, ["ChatApplied"] = ChatApplied,
    };

    internal static MessageRecord FromEntity(TableEntity e) => new(
        TableKey.Decode(e.PartitionKey), e.RowKey, e.GetString("ChatId") ?? "", e.GetBoolean("FromMe") ?? false, e.GetString("Type") ?? "chat",
        e.GetString("Body") ?? "", e.GetString("Author"), e.GetBoolean("HasMedia") ?? false, e.GetInt64("UnixTime") ?? 0,
        e.GetString("Status"), e.GetInt64("StatusSeq") ?? 0, e.GetString("Reason"), e.GetBoolean("Retryable"),
        e.GetString("ClientMessageId"), e.GetString("HistoryKey"), e.GetBoolean("ChatApplied") ?? false);

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
        ["MessageId"] = MessageId, ["ChatId"] = ChatId, ["Body"] = Body, ["Type"] = Type, ["Author"] = Author,
        ["FromMe"] = FromMe, ["HasMedia"] = HasMedia, ["UnixTime"] = Timestamp,
    };

    /// <summary><c>GET /messages/{id}</c> and the message events.</summary>
    internal MessageDetailView View() => new(MessageId, SessionId, ChatId, FromMe, Status, Reason, Retryable, Type, Body, Author, HasMedia, Timestamp);

    /// <summary>One item of <c>GET /chats/{chatId}/messages</c>, exactly the seed's fields.</summary>
    internal static MessageView HistoryView(string sessionId, TableEntity e) => new(
        e.GetString("MessageId") ?? "", sessionId, e.GetString("ChatId") ?? "", e.GetString("Body") ?? "", e.GetString("Type") ?? "chat",
        e.GetString("Author"), e.GetBoolean("FromMe") ?? false, e.GetBoolean("HasMedia") ?? false, e.GetInt64("UnixTime") ?? 0);

    /// <summary>
    /// Engine message types in the seed's vocabulary (that of WhatsApp Web clients): text is <c>chat</c>,
    /// a contact card <c>vcard</c>, a poll <c>poll_creation</c>; image, video, audio, document, sticker,
    /// location, reaction keep their names; anything else is <c>unknown</c>.
    /// </summary>
    public static string TypeFromEngine(string? kind) => kind switch
    {
        "text" => "chat",
        "contact" => "vcard",
        "poll" => "poll_creation",
        "image" or "video" or "audio" or "document" or "sticker" or "location" or "reaction" => kind,
        _ => "unknown",
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
/// One message by id with its delivery status: <see cref="Status"/> is queued, sent, delivered, read, played or failed
/// for outbound messages (null for inbound ones); <see cref="Reason"/> and <see cref="Retryable"/> say why one failed.
/// </summary>
internal sealed record MessageDetailView(string Id, string SessionId, string ChatId, bool FromMe,
    [property: OpenApi.Choices(typeof(DeliveryStatus), nameof(DeliveryStatus.All))] string? Status, string? Reason, bool? Retryable,
    string Type, string Body, string? Author, bool HasMedia, long Timestamp) : OpenApi.IHasExample
{
    public static object Example => new MessageDetailView("3EB0A1B2C3D4E5F60718", "n1a2b3c", "919812345678@s.whatsapp.net", true, "delivered",
        null, null, "chat", "Hi! Thanks for reaching out.", "919800000001@s.whatsapp.net", false, 1751193360);
}

/// <summary>
/// The answer to a send: the contract's <c>{ status, to, from }</c> plus the message id, which
/// <c>GET /messages/{id}</c> and the message events carry too.
/// </summary>
internal sealed record SentMessageView(string Status, string To, string From, string Id) : OpenApi.IHasExample
{
    public static object Example => new SentMessageView("sent", "919812345678@s.whatsapp.net", "n1a2b3c", "3EB0A1B2C3D4E5F60718");
}
