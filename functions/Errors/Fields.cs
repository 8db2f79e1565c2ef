namespace WaFunctions.Errors;

/// <summary>
/// Validation of body fields with 400 messages that name the field. Pure functions, shared by the
/// slices so that "too long", "required" and phone rules read the same everywhere.
/// </summary>
public static class Fields
{
    /// <summary>Trimmed text of 1..<paramref name="max"/> characters, or null when absent (required: 400).</summary>
    /// <param name="multiline">Allows line breaks and tabs (notes); other control characters are always refused.</param>
    public static string? Text(string? value, string field, int max, bool required = false, bool multiline = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) throw new InvalidInputException($"Field '{field}' is required.");
            return null;
        }
        if (trimmed.Length > max) throw new InvalidInputException($"Field '{field}' must be at most {max} characters.");
        foreach (var c in trimmed)
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
                throw new InvalidInputException($"Field '{field}' contains a control character.");
        return trimmed;
    }

    /// <summary>
    /// A phone number with country code, normalised to its digits (8 to 15, E.164 without the plus).
    /// Spaces, dashes, dots, parentheses and one leading '+' are accepted and dropped; anything else is refused.
    /// </summary>
    public static string? Phone(string? value, string field, bool required = false)
    {
        var raw = value?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            if (required) throw new InvalidInputException($"Field '{field}' is required.");
            return null;
        }
        var digits = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is ' ' or '-' or '.' or '(' or ')' || (c == '+' && i == 0)) continue;
            else throw new InvalidInputException($"Field '{field}' must be a phone number with country code (digits, e.g. 919812345678).");
        }
        if (digits.Length is < 8 or > 15)
            throw new InvalidInputException($"Field '{field}' must have 8 to 15 digits including the country code.");
        if (digits[0] == '0')
            throw new InvalidInputException($"Field '{field}' must start with the country code, not 0.");
        return digits.ToString();
    }

    /// <summary>A plausible email address (one '@', no spaces, a dot in the domain), at most 254 characters.</summary>
    public static string? Email(string? value, string field)
    {
        var email = Text(value, field, 254);
        if (email is null) return null;
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || email.Any(char.IsWhiteSpace) || !email.AsSpan(at + 1).Contains('.')
            || email.EndsWith('.') || email[at + 1] == '.')
            throw new InvalidInputException($"Field '{field}' must be an email address.");
        return email;
    }

    /// <summary>One of <paramref name="allowed"/> (exact, lower case), or null when absent.</summary>
    public static string? OneOf(string? value, string field, IReadOnlyList<string> allowed)
    {
        if (value is null) return null;
        if (!allowed.Contains(value, StringComparer.Ordinal))
            throw new InvalidInputException($"Field '{field}' must be one of: {string.Join(", ", allowed)}.");
        return value;
    }

    /// <summary>Free-form labels: at most <paramref name="maxCount"/>, each 1..<paramref name="maxLength"/> characters; duplicates dropped.</summary>
    public static IReadOnlyList<string>? Labels(string?[]? values, string field, int maxCount, int maxLength)
    {
        if (values is null) return null;
        if (values.Length > maxCount) throw new InvalidInputException($"Field '{field}' may hold at most {maxCount} items.");
        var result = new List<string>(values.Length);
        foreach (var value in values)
        {
            var label = Text(value, field, maxLength) ?? throw new InvalidInputException($"Field '{field}' may not hold empty items.");
            if (!result.Contains(label, StringComparer.Ordinal)) result.Add(label);
        }
        return result;
    }
}
