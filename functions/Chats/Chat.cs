using System.Globalization;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// A conversation of one number. Stored twice in the <c>chats</c> table's partition for the session: the
/// chat row (<c>c_</c> + encoded chat id) and an activity row (<c>a_</c> + inverted last timestamp +
/// encoded chat id) that carries the same summary, so "newest activity first" is one range scan.
/// </summary>
public sealed record Chat(
    string SessionId, string ChatId, string? Name, bool IsGroup, string Status, string? Assignee, string? AssigneeName,
    int UnreadCount, string? LastMessage, long LastTimestamp, IReadOnlyList<string> RecentIds)
{
    public const int RecentIdsKept = 50;

    public static string ChatRowKey(string chatId) => "c_" + TableKey.Encode(chatId);

    public static string ActivityRowKey(long lastTimestamp, string chatId) =>
        "a_" + (9_999_999_999L - Math.Clamp(lastTimestamp, 0, 9_999_999_999L)).ToString("D10", CultureInfo.InvariantCulture) + "_" + TableKey.Encode(chatId);

    public string ActivityKey => ActivityRowKey(LastTimestamp, ChatId);

    internal TableEntity ToChatEntity()
    {
        var e = Summary(ChatRowKey(ChatId));
        e["RecentIds"] = string.Join(' ', RecentIds);
        return e;
    }

    internal TableEntity ToActivityEntity() => Summary(ActivityKey);

    private TableEntity Summary(string rowKey) => new(SessionId, rowKey)
    {
        ["ChatId"] = ChatId, ["Name"] = Name, ["IsGroup"] = IsGroup, ["Status"] = Status, ["Assignee"] = Assignee,
        ["AssigneeName"] = AssigneeName, ["UnreadCount"] = UnreadCount, ["LastMessage"] = LastMessage, ["LastTimestamp"] = LastTimestamp,
    };

    internal static Chat FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("ChatId") ?? "", e.GetString("Name"), e.GetBoolean("IsGroup") ?? false, e.GetString("Status") ?? "open",
        e.GetString("Assignee"), e.GetString("AssigneeName"), e.GetInt32("UnreadCount") ?? 0, e.GetString("LastMessage"),
        e.GetInt64("LastTimestamp") ?? 0, (e.GetString("RecentIds") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>One item of <c>GET /chats</c>, exactly the seed's fields.</summary>
    internal ChatView View() => new(SessionId, ChatId, Name, IsGroup, Status, Assignee, AssigneeName, UnreadCount, LastMessage, LastTimestamp);
}

/// <summary>A chat as the contract shows it: newest activity first in lists; <see cref="LastTimestamp"/> in Unix seconds.</summary>
internal sealed record ChatView(string SessionId, string ChatId, string? Name, bool IsGroup, string Status, string? Assignee, string? AssigneeName,
    int UnreadCount, string? LastMessage, long LastTimestamp) : OpenApi.IHasExample
{
    public static object Example => new ChatView("n1a2b3c", "919812345678@s.whatsapp.net", "Asha Rao", false, "open", null, null, 2,
        "Refund please", 1751193300);
}

/// <summary>A message to fold into its chat's summary.</summary>
public sealed record ChatMessage(string SessionId, string ChatId, bool IsGroup, string MessageId, string Preview, long Timestamp, bool Unread, string? Name);
