using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WaFunctions.Errors;
using WaFunctions.Messages;

namespace WaFunctions.Broadcasts;

/// <summary>Ids, recipient lists and the message template.</summary>
public static partial class BroadcastRules
{
    public const int MaxNameLength = 200;
    public const int MaxRecipientNameLength = 100;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => "b_" + RandomNumberGenerator.GetString(IdAlphabet, 10);

    public static bool IsWellFormedId(string id) =>
        id.Length is >= 4 and <= 40 && id.StartsWith("b_", StringComparison.Ordinal) && !id.AsSpan(2).ContainsAnyExcept(IdAlphabet);

    /// <summary>One recipient: a WhatsApp jid or phone number with country code, and the name that fills <c>{{name}}</c>.</summary>
    public sealed record RecipientInput(string? ChatId, string? Name = null);

    /// <summary>Normalised recipients (phone numbers become jids) in their first-seen order, and how many duplicates were dropped.</summary>
    public static (IReadOnlyList<(string ChatId, string? Name)> Recipients, int Duplicates) Normalize(IReadOnlyList<RecipientInput?>? recipients)
    {
        if (recipients is null) throw new InvalidInputException("Field 'recipients' is required.");
        if (recipients.Count is < 1 or > BroadcastStore.MaxRecipients)
            throw new InvalidInputException($"Field 'recipients' must hold 1 to {BroadcastStore.MaxRecipients} items.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, string?)>(recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            var r = recipients[i] ?? throw new InvalidInputException($"Field 'recipients[{i}]' must be an object.");
            if (string.IsNullOrWhiteSpace(r.ChatId)) throw new InvalidInputException($"Field 'recipients[{i}].chatId' is required.");
            var jid = Jid.Normalize(r.ChatId)
                ?? throw new InvalidInputException($"Field 'recipients[{i}].chatId' must be a phone number with country code or a WhatsApp jid, not '{Clip(r.ChatId)}'.");
            var name = string.IsNullOrWhiteSpace(r.Name) ? null : r.Name.Trim();
            if (name is { Length: > MaxRecipientNameLength }) throw new InvalidInputException($"Field 'recipients[{i}].name' is longer than {MaxRecipientNameLength} characters.");
            if (seen.Add(jid)) result.Add((jid, name));
        }
        return (result, recipients.Count - result.Count);
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;

    [GeneratedRegex(@"\{\{\s*name\s*(?:\|([^{}]*))?\}\}", RegexOptions.IgnoreCase)] private static partial Regex NameToken();

    /// <summary><c>{{name}}</c> becomes the recipient's name (empty without one); <c>{{name|friend}}</c> falls back to "friend".</summary>
    public static string Render(string template, string? name) =>
        NameToken().Replace(template, m => name ?? (m.Groups[1].Success ? m.Groups[1].Value.Trim() : ""));
}
