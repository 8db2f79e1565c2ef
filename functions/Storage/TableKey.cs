using System.Text;

namespace WaFunctions.Storage;

/// <summary>
/// PartitionKey and RowKey may not contain <c>/ \ # ?</c> or control characters, and may not exceed
/// 1 KiB. <see cref="Validate"/> rejects such keys before they reach the service;
/// <see cref="Encode"/> makes any user-supplied id safe by percent-escaping exactly those characters
/// (and <c>%</c> itself, so decoding is unambiguous).
/// </summary>
public static class TableKey
{
    private const int MaxKeyChars = 512; // 1 KiB of UTF-16

    public static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);

    public static void Validate(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length > MaxKeyChars)
            throw new ArgumentException($"A table key may be at most {MaxKeyChars} characters.", paramName);
        foreach (var c in key)
            if (IsForbidden(c))
                throw new ArgumentException($"A table key may not contain '/', '\\', '#', '?' or control characters (found U+{(int)c:X4}). Use TableKey.Encode for user-supplied ids.", paramName);
    }

    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '%' || IsForbidden(c)) sb.Append('%').Append(((int)c).ToString("X2"));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Decode(string key)
    {
        var sb = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length && int.TryParse(key.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else sb.Append(key[i]);
        }
        return sb.ToString();
    }
}
