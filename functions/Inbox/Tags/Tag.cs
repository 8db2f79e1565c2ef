using Azure.Data.Tables;
using WaFunctions.Errors;

namespace WaFunctions.Inbox.Tags;

/// <summary>A label for conversations, with a colour (<c>#rrggbb</c>).</summary>
public sealed record Tag(string Id, string Name, string Color, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string DefaultColor = "#9e9e9e";

    internal TableEntity ToEntity() => new(TagStore.Partition, Id)
    {
        ["Name"] = Name, ["Color"] = Color, ["CreatedAt"] = CreatedAt, ["UpdatedAt"] = UpdatedAt,
    };

    internal static Tag FromEntity(TableEntity e) => new(e.RowKey, e.GetString("Name") ?? "", e.GetString("Color") ?? DefaultColor,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>A tag as the API shows it.</summary>
public sealed record TagView(string Id, string Name, string Color, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TagView Of(Tag t) => new(t.Id, t.Name, t.Color, t.CreatedAt, t.UpdatedAt);
}

/// <summary>The name is required (unique, any case); the colour defaults to #9e9e9e.</summary>
internal sealed record CreateTagRequest(string? Name, string? Color = null);

/// <summary>A field left out keeps its value; neither can be cleared.</summary>
internal sealed record UpdateTagRequest
{
    public Optional<string> Name { get; init; }
    public Optional<string> Color { get; init; }
}

internal static class TagRules
{
    public const int MaxName = 50;

    public static string Name(string? value) => Fields.Text(value, "name", MaxName, required: true)!;

    public static string Color(string? value)
    {
        if (value is null) return Tag.DefaultColor;
        var c = value.Trim().ToLowerInvariant();
        return c.Length == 7 && c[0] == '#' && !c.AsSpan(1).ContainsAnyExcept("0123456789abcdef") ? c
            : throw new InvalidInputException("Field 'color' must be a colour #rrggbb, e.g. #e53935.");
    }
}
