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
/// edit and a deletion for everyone. The history row is a copy of the message row (see <see cref="ToHistoryEntity"/>).
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

    /// <summary>Counts the writes of the message row, so a late copy to the history row never replaces a newer one.</summary>
    public long Revision { get; init; }

    /// <summary>Someone reacted or voted on it once (<see cref="MessageResponsesStore"/>): the history reads its responses only then.</summary>
    public bool HasResponses { get; init; }

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
            ["ClientMessageId"] = ClientMessageId, ["HistoryKey"] = HistoryKey, ["ChatApplied"] = ChatApplied,
        };
        WriteContent(e, LongText.MaxChars / 2);
        return e;
    }

    internal static MessageRecord FromEntity(TableEntity e) =>
        ReadContent(e, TableKey.Decode(e.PartitionKey), e.RowKey, e.GetString("ClientMessageId"), e.GetString("HistoryKey"), e.GetBoolean("ChatApplied") ?? false);

    /// <summary>
    /// The row of the chat history (table <c>messages</c>): the seed's fields and everything a chat screen shows of the
    /// message (status, content, edit, deletion, <see cref="Revision"/>), so one range scan answers the history page.
    /// </summary>
    internal TableEntity ToHistoryEntity()
    {
        var e = new TableEntity(MessageStore.HistoryPartition(SessionId, ChatId), HistoryKey!) { ["MessageId"] = MessageId };
        WriteContent(e, HistoryBodyChars);
        return e;
    }

    /// <summary>A history row as a message; one written before history rows carried the content has <see cref="IsSeedOnlyHistory"/>.</summary>
    internal static MessageRecord FromHistoryEntity(string sessionId, TableEntity e) =>
        ReadContent(e, e.GetString("MessageId") ?? "", sessionId, null, e.RowKey, false);

    /// <summary>History rows written before they carried the message's content (no <see cref="Revision"/>) hold only the seed's fields.</summary>
    internal static bool IsSeedOnlyHistory(TableEntity e) => e.GetInt64("Revision") is null;

    private void WriteContent(TableEntity e, int bodyChars)
    {
        e["ChatId"] = ChatId; e["FromMe"] = FromMe; e["Type"] = Type; e["Author"] = Author; e["HasMedia"] = HasMedia; e["UnixTime"] = Timestamp;
        e["Status"] = Status; e["StatusSeq"] = StatusSeq; e["Reason"] = Reason; e["Retryable"] = Retryable;
        e["PushName"] = PushName; e["EditedAt"] = EditedAt; e["RevokedAt"] = RevokedAt; e["Revision"] = Revision; e["HasResponses"] = HasResponses;
        LongText.Write(e, "Body", Body.Length > bodyChars ? Body[..bodyChars] : Body);
        LongText.Write(e, "Details", Details?.Serialize());
    }

    private static MessageRecord ReadContent(TableEntity e, string messageId, string sessionId, string? clientMessageId, string? historyKey, bool chatApplied) => new(
        messageId, sessionId, e.GetString("ChatId") ?? "", e.GetBoolean("FromMe") ?? false, e.GetString("Type") ?? "chat",
        LongText.Read(e, "Body") ?? "", e.GetString("Author"), e.GetBoolean("HasMedia") ?? false, e.GetInt64("UnixTime") ?? 0,
        e.GetString("Status"), e.GetInt64("StatusSeq") ?? 0, e.GetString("Reason"), e.GetBoolean("Retryable"),
        clientMessageId, historyKey, chatApplied)
    {
        Details = MessageDetails.Deserialize(LongText.Read(e, "Details")),
        PushName = e.GetString("PushName"),
        EditedAt = e.GetInt64("EditedAt"),
        RevokedAt = e.GetInt64("RevokedAt"),
        Revision = e.GetInt64("Revision") ?? 0,
        HasResponses = e.GetBoolean("HasResponses") ?? false,
    };

    /// <summary>
    /// Newest first within a chat: inverted unix seconds, then inverted engine seq (orders messages of the
    /// same second as the engine saw them), then the id.
    /// </summary>
    public static string HistoryKeyFor(long timestamp, long seq, string messageId) =>
        (9_999_999_999L - Math.Clamp(timestamp, 0, 9_999_999_999L)).ToString("D10", CultureInfo.InvariantCulture) + "_" +
        (long.MaxValue - Math.Max(seq, 0)).ToString("D19", CultureInfo.InvariantCulture) + "_" + TableKey.Encode(messageId);

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

/// <summary>
/// The answer to a send: the contract's <c>{ status, to, from }</c> plus the message id, which
/// <c>GET /messages/{id}</c> and the message events carry too.
/// </summary>
internal sealed record SentMessageView(string Status, string To, string From, string Id) : OpenApi.IHasExample
{
    public static object Example => new SentMessageView("sent", "919812345678@s.whatsapp.net", "n1a2b3c", "3EB0A1B2C3D4E5F60718");
}
