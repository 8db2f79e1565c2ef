using Azure.Data.Tables;

namespace WaFunctions.Storage;

/// <summary>
/// Text longer than one table property may hold (64 KiB, i.e. 32K UTF-16 characters): written as <c>Name</c>,
/// <c>Name_1</c>, <c>Name_2</c> … of at most <see cref="PartChars"/> characters each and read back joined. The entity as a
/// whole stays under the service's 1 MiB, so callers bound what they store (<see cref="MaxChars"/>).
/// </summary>
public static class LongText
{
    public const int PartChars = 30_000;
    public const int MaxChars = 12 * PartChars;

    public static void Write(TableEntity entity, string name, string? text)
    {
        if (text is null) return;
        if (text.Length > MaxChars) throw new ArgumentException($"{name} is longer than {MaxChars} characters.", nameof(text));
        for (int i = 0, part = 0; i < text.Length || part == 0; i += PartChars, part++)
            entity[part == 0 ? name : $"{name}_{part}"] = text.Substring(i, Math.Min(PartChars, text.Length - i));
    }

    public static string? Read(TableEntity entity, string name)
    {
        if (entity.GetString(name) is not { } first) return null;
        if (first.Length < PartChars) return first;
        var text = new System.Text.StringBuilder(first);
        for (var part = 1; entity.GetString($"{name}_{part}") is { } more; part++) text.Append(more);
        return text.ToString();
    }
}
