using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>What <c>GET /chats</c> filters by; <see cref="Assignee"/> is an agent id or <see cref="ChatIndex.Unassigned"/>.</summary>
public sealed record ChatFilter(string? Status, string? Assignee, string? Tag, bool Unread)
{
    public static readonly ChatFilter None = new(null, null, null, false);
}

/// <summary>
/// The index rows of a chat, in its session's partition beside the chat row. Each is a copy of the list summary under a
/// key that ends in the inverted last-activity time and the chat id (<see cref="Order"/>), so a range scan of one prefix
/// lists its chats newest first:
/// <list type="bullet">
/// <item><c>a_…</c> every chat (the original activity index);</item>
/// <item><c>s_&lt;status&gt;_…</c>, <c>x_&lt;assignee&gt;_…</c> (<c>-</c>: unassigned) and <c>sx_&lt;status&gt;_&lt;assignee&gt;_…</c>;</item>
/// <item><c>t_&lt;tag id&gt;_…</c> per tag, and <c>u_…</c> while the chat has unread messages.</item>
/// </list>
/// A chat has at most 5 + <see cref="Chat.MaxTags"/> index rows, so a change (delete the old keys, write the new ones,
/// plus the chat row and a few counter rows) always fits one entity-group transaction of 100 actions.
/// </summary>
public static class ChatIndex
{
    public const string Unassigned = "-";

    public static string Order(long lastTimestamp, string chatId) => KeyNumber.Inverted(lastTimestamp, 10, 9_999_999_999L) + "_" + TableKey.Encode(chatId);

    public static IReadOnlyList<string> Keys(Chat c)
    {
        var order = Order(c.LastTimestamp, c.ChatId);
        var assignee = c.AssigneeKey;
        List<string> keys = ["a_" + order, $"s_{c.Status}_{order}", $"x_{assignee}_{order}", $"sx_{c.Status}_{assignee}_{order}"];
        keys.AddRange(c.Tags.Select(tag => $"t_{tag}_{order}"));
        if (c.UnreadCount > 0) keys.Add("u_" + order);
        return keys;
    }

    /// <summary>
    /// The narrowest index for <paramref name="f"/> and what it leaves to check row by row: status and assignee together
    /// (or either alone, or none) are exact; a tag or <c>unread</c> takes its own index, with any other filter as the predicate.
    /// </summary>
    public static (string From, string To, Func<TableEntity, bool>? Match) Range(ChatFilter f)
    {
        var prefix = (f.Status, f.Assignee, f.Tag, f.Unread) switch
        {
            (_, _, { } tag, _) => $"t_{tag}_",
            (_, _, null, true) => "u_",
            ({ } s, { } a, null, false) => $"sx_{s}_{a}_",
            ({ } s, null, null, false) => $"s_{s}_",
            (null, { } a, null, false) => $"x_{a}_",
            _ => "a_",
        };
        Func<TableEntity, bool>? match = f.Tag is null && !f.Unread ? null : row =>
            (f.Status is null || row.GetString("Status") == f.Status)
            && (f.Assignee is null || (row.GetString("Assignee") ?? Unassigned) == f.Assignee)
            && (!f.Unread || (row.GetInt32("UnreadCount") ?? 0) > 0);
        if (f.Tag is not null && !f.Unread && f.Status is null && f.Assignee is null) match = null;
        if (f.Tag is null && f.Unread && f.Status is null && f.Assignee is null) match = null;
        return (prefix, prefix[..^1] + "`", match);
    }
}
