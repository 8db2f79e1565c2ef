using Azure.Data.Tables;
using WaFunctions.Errors;

namespace WaFunctions.Inbox.QuickReplies;

/// <summary>A canned answer agents insert by typing its <see cref="Shortcut"/> (<c>/thanks</c>).</summary>
public sealed record QuickReply(string Id, string Shortcut, string Text, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    internal TableEntity ToEntity(string rowKey) => new(QuickReplyStore.Partition, rowKey)
    {
        ["Id"] = Id, ["Shortcut"] = Shortcut, ["Text"] = Text, ["CreatedAt"] = CreatedAt, ["UpdatedAt"] = UpdatedAt,
    };

    internal static QuickReply FromEntity(TableEntity e) => new(e.GetString("Id") ?? e.RowKey, e.GetString("Shortcut") ?? "", e.GetString("Text") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>A quick reply as the API shows it.</summary>
public sealed record QuickReplyView(string Id, string Shortcut, string Text, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static QuickReplyView Of(QuickReply q) => new(q.Id, q.Shortcut, q.Text, q.CreatedAt, q.UpdatedAt);
}

/// <summary>Both required: the shortcut (<c>/</c> + letters, digits, <c>-</c> or <c>_</c>; unique) and the text.</summary>
internal sealed record CreateQuickReplyRequest(string? Shortcut, string? Text);

/// <summary>A field left out keeps its value; neither can be cleared.</summary>
internal sealed record UpdateQuickReplyRequest
{
    public Optional<string> Shortcut { get; init; }
    public Optional<string> Text { get; init; }
}

internal static class QuickReplyRules
{
    public const int MaxText = 4096, MaxShortcut = 32;

    /// <summary><c>/</c> then 1 to 31 lower-case letters, digits, <c>-</c> or <c>_</c> (upper case is lowered).</summary>
    public static string Shortcut(string? value, string field = "shortcut")
    {
        var s = Fields.Text(value, field, MaxShortcut, required: true)!.ToLowerInvariant();
        return s.Length >= 2 && s[0] == '/' && !s.AsSpan(1).ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-_") ? s
            : throw new InvalidInputException($"Field '{field}' must be '/' followed by letters, digits, '-' or '_' (e.g. /thanks), at most {MaxShortcut} characters.");
    }

    public static string Text(string? value) => Fields.Text(value, "text", MaxText, required: true, multiline: true)!;
}
