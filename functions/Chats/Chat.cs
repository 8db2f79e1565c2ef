using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// A chat of one number, and the conversation it carries. Stored in the <c>chats</c> table's partition for the session:
/// the chat row (<c>c_</c> + encoded chat id) with everything, and index rows (<see cref="ChatIndex"/>) that carry the
/// list summary, so every list filter is one range scan. The positional fields are the summary (the seed's chat); the
/// init-only ones are the conversation kept by the inbox (<c>functions/Inbox/</c>).
/// </summary>
public sealed record Chat(
    string SessionId, string ChatId, string? Name, bool IsGroup, string Status, string? Assignee, string? AssigneeName,
    int UnreadCount, string? LastMessage, long LastTimestamp, IReadOnlyList<string> RecentIds)
{
    public const int RecentIdsKept = 50;
    public const int MaxTags = 20;
    public const string Open = "open", Pending = "pending", Resolved = "resolved", Closed = "closed";
    public static readonly IReadOnlyList<string> Statuses = [Open, Pending, Resolved, Closed];

    /// <summary>
    /// The message <see cref="LastMessage"/> describes, so an edit or a deletion for everyone of that message can
    /// change the preview (null for rows from before it was kept: their preview stays until the next message).
    /// </summary>
    public string? LastMessageId { get; init; }

    /// <summary>Tag ids (at most <see cref="MaxTags"/>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Conversations this chat has had: 0 until its first inbound message opens one.</summary>
    public int Episode { get; init; }

    /// <summary>Counts the inbox's changes; event ids of API changes derive from it.</summary>
    public int Version { get; init; }

    /// <summary>Unix seconds the conversation was last (re)opened; first response and resolution times run from here.</summary>
    public long? OpenedAt { get; init; }

    public long? FirstResponseAt { get; init; }
    public long? ResolvedAt { get; init; }
    public long? LastInboundAt { get; init; }
    public long? LastOutboundAt { get; init; }

    /// <summary>Our newest message that answers (neither a broadcast's nor an auto-reply).</summary>
    public long? LastAnswerAt { get; init; }
    public FollowUp? FollowUp { get; init; }

    /// <summary><c>episode:period</c> of the last off-hours auto-reply: one per conversation and off-hours period.</summary>
    public string? OffHoursReplied { get; init; }

    /// <summary>The newest broadcast message sent to this chat (for "replied within 24 h").</summary>
    public BroadcastMark? LastBroadcast { get; init; }

    /// <summary>Message ids the inbox has counted (the newest <see cref="RecentIdsKept"/>): a redelivered event counts once.</summary>
    public IReadOnlyList<string> InboxIds { get; init; } = [];

    /// <summary>
    /// What the inbox did for its recent causes (a message, a follow-up, an idle agent), newest last: a redelivered cause
    /// does it again (same event ids, same auto-reply id) instead of deciding again.
    /// </summary>
    public IReadOnlyList<ChatEffect> Effects { get; init; } = [];

    /// <summary>
    /// Whether the stored row was written with its index rows and counts (by this version). A row from before the inbox
    /// has only its activity row and is in no count; its next change writes all of it as for a new chat.
    /// </summary>
    internal bool Indexed { get; init; } = true;

    /// <summary>The assignee as an index key part: the agent id, or <c>-</c> for none.</summary>
    public string AssigneeKey => Assignee ?? ChatIndex.Unassigned;

    public static string ChatRowKey(string chatId) => "c_" + TableKey.Encode(chatId);

    public static string ActivityRowKey(long lastTimestamp, string chatId) => "a_" + ChatIndex.Order(lastTimestamp, chatId);

    public string ActivityKey => ActivityRowKey(LastTimestamp, ChatId);

    /// <summary>A chat the engine has just reported: no conversation yet.</summary>
    public static Chat New(string sessionId, string chatId, bool isGroup, string status) =>
        new(sessionId, chatId, null, isGroup, status, null, null, 0, null, 0, []);

    internal TableEntity ToChatEntity()
    {
        var e = Summary(ChatRowKey(ChatId));
        e["RecentIds"] = string.Join(' ', RecentIds);
        e["LastMessageId"] = LastMessageId;
        e["Episode"] = Episode;
        e["Version"] = Version;
        e["OpenedAt"] = OpenedAt;
        e["FirstResponseAt"] = FirstResponseAt;
        e["ResolvedAt"] = ResolvedAt;
        e["LastInboundAt"] = LastInboundAt;
        e["LastOutboundAt"] = LastOutboundAt;
        e["LastAnswerAt"] = LastAnswerAt;
        e["FollowUpId"] = FollowUp?.Id;
        e["FollowUpAt"] = FollowUp?.At;
        e["FollowUpNote"] = FollowUp?.Note;
        e["OffHoursReplied"] = OffHoursReplied;
        e["BroadcastId"] = LastBroadcast?.BroadcastId;
        e["BroadcastSentAt"] = LastBroadcast?.SentAt;
        e["BroadcastReplied"] = LastBroadcast?.Replied;
        e["InboxIds"] = string.Join(' ', InboxIds);
        e["Effects"] = Effects.Count == 0 ? null : JsonSerializer.Serialize(Effects, JsonSerializerOptions.Web);
        e["Indexed"] = true;
        return e;
    }

    /// <summary>An index row: the list summary under another key (see <see cref="ChatIndex"/>).</summary>
    internal TableEntity ToIndexEntity(string rowKey) => Summary(rowKey);

    private TableEntity Summary(string rowKey) => new(SessionId, rowKey)
    {
        ["ChatId"] = ChatId, ["Name"] = Name, ["IsGroup"] = IsGroup, ["Status"] = Status, ["Assignee"] = Assignee,
        ["AssigneeName"] = AssigneeName, ["UnreadCount"] = UnreadCount, ["LastMessage"] = LastMessage, ["LastTimestamp"] = LastTimestamp,
        ["Tags"] = Tags.Count == 0 ? null : string.Join(' ', Tags),
    };

    /// <summary>Whether the list summary (what index rows copy) is the same.</summary>
    internal bool SameSummary(Chat other) =>
        Name == other.Name && IsGroup == other.IsGroup && Status == other.Status && Assignee == other.Assignee && AssigneeName == other.AssigneeName
        && UnreadCount == other.UnreadCount && LastMessage == other.LastMessage && LastTimestamp == other.LastTimestamp && Tags.SequenceEqual(other.Tags);

    internal static Chat FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("ChatId") ?? "", e.GetString("Name"), e.GetBoolean("IsGroup") ?? false, e.GetString("Status") ?? Open,
        e.GetString("Assignee"), e.GetString("AssigneeName"), e.GetInt32("UnreadCount") ?? 0, e.GetString("LastMessage"),
        e.GetInt64("LastTimestamp") ?? 0, Words(e.GetString("RecentIds")))
    {
        Tags = Words(e.GetString("Tags")),
        LastMessageId = e.GetString("LastMessageId"),
        Episode = e.GetInt32("Episode") ?? 0,
        Version = e.GetInt32("Version") ?? 0,
        OpenedAt = e.GetInt64("OpenedAt"),
        FirstResponseAt = e.GetInt64("FirstResponseAt"),
        ResolvedAt = e.GetInt64("ResolvedAt"),
        LastInboundAt = e.GetInt64("LastInboundAt"),
        LastOutboundAt = e.GetInt64("LastOutboundAt"),
        LastAnswerAt = e.GetInt64("LastAnswerAt"),
        FollowUp = e.GetString("FollowUpId") is { } id ? new FollowUp(id, e.GetInt64("FollowUpAt") ?? 0, e.GetString("FollowUpNote")) : null,
        OffHoursReplied = e.GetString("OffHoursReplied"),
        LastBroadcast = e.GetString("BroadcastId") is { } b ? new BroadcastMark(b, e.GetInt64("BroadcastSentAt") ?? 0, e.GetBoolean("BroadcastReplied") ?? false) : null,
        InboxIds = Words(e.GetString("InboxIds")),
        Effects = e.GetString("Effects") is { } json ? JsonSerializer.Deserialize<ChatEffect[]>(json, JsonSerializerOptions.Web) ?? [] : [],
        Indexed = e.GetBoolean("Indexed") ?? !e.RowKey.StartsWith("c_", StringComparison.Ordinal),
    };

    private static string[] Words(string? s) => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>One item of <c>GET /chats</c>: the seed's fields and the chat's tags (every index row carries them, so a list shows them at no cost).</summary>
    internal ChatView View() => new(SessionId, ChatId, Name, IsGroup, Status, Assignee, AssigneeName, UnreadCount, LastMessage, LastTimestamp, Tags);
}

/// <summary>
/// A chat as the contract shows it: newest activity first in lists; <see cref="LastTimestamp"/> in Unix seconds; its tag
/// ids (<c>GET /tags</c> names them).
/// </summary>
internal sealed record ChatView(string SessionId, string ChatId, string? Name, bool IsGroup, string Status, string? Assignee, string? AssigneeName,
    int UnreadCount, string? LastMessage, long LastTimestamp, IReadOnlyList<string> Tags) : OpenApi.IHasExample
{
    public static object Example => new ChatView("n1a2b3c", "919812345678@s.whatsapp.net", "Asha Rao", false, "open", null, null, 2,
        "Refund please", 1751193300, ["tg_vip0000001"]);
}

/// <summary>A reminder on a conversation: at <see cref="At"/> (unix seconds) it reopens and notifies.</summary>
public sealed record FollowUp(string Id, long At, string? Note);

/// <summary>The newest broadcast message sent to a chat, and whether the chat has answered it within 24 h.</summary>
public sealed record BroadcastMark(string BroadcastId, long SentAt, bool Replied);

/// <summary>
/// Something the inbox did because of <see cref="Cause"/> at <see cref="At"/> (unix seconds): <see cref="Kind"/> (created,
/// reopened, resolved, closed, assigned, auto_reply, follow_up_due), the agent it assigned, why, and a follow-up's note.
/// </summary>
public sealed record ChatEffect(string Cause, string Kind, long At, string? Agent = null, string? Reason = null, string? Note = null);

/// <summary>A message to fold into its chat's summary.</summary>
public sealed record ChatMessage(string SessionId, string ChatId, bool IsGroup, string MessageId, string Preview, long Timestamp, bool Unread, string? Name);

/// <summary>Culture-free number formatting for keys.</summary>
internal static class KeyNumber
{
    public static string Inverted(long value, int digits, long max) =>
        (max - Math.Clamp(value, 0, max)).ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
