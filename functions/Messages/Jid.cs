using System.Text.RegularExpressions;

namespace WaFunctions.Messages;

/// <summary>
/// WhatsApp addresses. A recipient is either a phone number (8 to 15 digits with country code; an
/// optional leading <c>+</c>, spaces, dashes, dots and parentheses are ignored) which becomes
/// <c>&lt;digits&gt;@s.whatsapp.net</c>, or a full jid: <c>&lt;digits&gt;@s.whatsapp.net</c>,
/// a group <c>&lt;digits&gt;[-&lt;digits&gt;]@g.us</c>, or a linked id <c>&lt;digits&gt;@lid</c>.
/// </summary>
public static partial class Jid
{
    public const string UserServer = "s.whatsapp.net";
    public const string GroupServer = "g.us";
    public const string LidServer = "lid";

    [GeneratedRegex(@"^[0-9]{8,15}$")] private static partial Regex PhoneDigits();
    [GeneratedRegex(@"^[0-9]{5,20}(-[0-9]{5,20})?$")] private static partial Regex GroupUser();
    [GeneratedRegex(@"^[0-9]{1,20}$")] private static partial Regex LidUser();

    /// <summary>The normalised jid, or null when <paramref name="input"/> is neither a phone number nor a supported jid.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 100) return null;
        var value = input.Trim();
        var at = value.IndexOf('@');
        if (at < 0)
        {
            var digits = value.StartsWith('+') ? value[1..] : value;
            digits = string.Concat(digits.Where(c => c is not (' ' or '-' or '.' or '(' or ')')));
            return PhoneDigits().IsMatch(digits) ? digits + "@" + UserServer : null;
        }
        var user = value[..at];
        var server = value[(at + 1)..].ToLowerInvariant();
        var ok = server switch
        {
            UserServer => PhoneDigits().IsMatch(user),
            GroupServer => GroupUser().IsMatch(user),
            LidServer => LidUser().IsMatch(user),
            _ => false,
        };
        return ok ? user + "@" + server : null;
    }

    public static bool IsGroup(string jid) => jid.EndsWith("@" + GroupServer, StringComparison.Ordinal);

    /// <summary>The phone digits of a person jid (device suffix dropped), or null for groups and lids.</summary>
    public static string? PhoneOf(string? jid)
    {
        if (jid is null || !jid.EndsWith("@" + UserServer, StringComparison.Ordinal)) return null;
        var user = jid[..jid.IndexOf('@')];
        var colon = user.IndexOf(':');
        return colon < 0 ? user : user[..colon];
    }

    /// <summary>A device jid (<c>4915112345678:1@s.whatsapp.net</c>) as the person's jid.</summary>
    public static string? WithoutDevice(string? jid) => PhoneOf(jid) is { } phone ? phone + "@" + UserServer : jid;
}
