using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace WaFunctions.Contacts;

/// <summary>A CRM contact. <see cref="Version"/> counts stored changes (it makes event ids deterministic).</summary>
internal sealed record Contact(string Id, string Name, string Phone, string? Email, string? Company, string? Location,
    string? Owner, IReadOnlyList<string> Tags, string Lifecycle, string? LifetimeValue, string? Notes,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static readonly IReadOnlyList<string> Stages = ["lead", "active", "customer", "vip", "churned"];
    public const string DefaultStage = "lead";

    /// <summary>Case-insensitive match of a free-text query on name, email and phone (a phone-like query also matches by digits).</summary>
    public bool Matches(ContactQuery query) =>
        Name.Contains(query.Lower, StringComparison.OrdinalIgnoreCase)
        || (Email?.Contains(query.Lower, StringComparison.OrdinalIgnoreCase) ?? false)
        || Phone.Contains(query.Lower, StringComparison.Ordinal)
        || (query.Digits is { } digits && Phone.Contains(digits, StringComparison.Ordinal));

    /// <summary>The row's properties; the contact row and its stage copy carry the same ones.</summary>
    public TableEntity ToEntity(string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Id"] = Id,
        ["Name"] = Name,
        ["Phone"] = Phone,
        ["Email"] = Email,
        ["Company"] = Company,
        ["Location"] = Location,
        ["Owner"] = Owner,
        ["Tags"] = JsonSerializer.Serialize(Tags),
        ["Lifecycle"] = Lifecycle,
        ["LifetimeValue"] = LifetimeValue,
        ["Notes"] = Notes,
        ["CreatedAt"] = CreatedAt,
        ["UpdatedAt"] = UpdatedAt,
        ["Version"] = Version,
    };

    public static Contact FromEntity(TableEntity e) => new(
        e.GetString("Id") ?? e.RowKey, e.GetString("Name") ?? "", e.GetString("Phone") ?? "", e.GetString("Email"),
        e.GetString("Company"), e.GetString("Location"), e.GetString("Owner"),
        JsonSerializer.Deserialize<string[]>(e.GetString("Tags") ?? "[]") ?? [], e.GetString("Lifecycle") ?? DefaultStage,
        e.GetString("LifetimeValue"), e.GetString("Notes"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        e.GetInt32("Version") ?? 1);
}

/// <summary>A free-text query: lower-cased, plus its digits when it looks like a phone number ("+91 98123").</summary>
internal sealed record ContactQuery(string Lower, string? Digits)
{
    public static ContactQuery Of(string q)
    {
        var trimmed = q.Trim();
        var phoneLike = trimmed.Any(char.IsAsciiDigit) && trimmed.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+');
        return new(trimmed.ToLowerInvariant(), phoneLike ? new string(trimmed.Where(char.IsAsciiDigit).ToArray()) : null);
    }
}

/// <summary>What the API shows: the seed's shape; absent optional fields are left out, tags are always a list.</summary>
internal sealed record ContactView(string Id, string Name, string Phone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Company,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Owner,
    IReadOnlyList<string> Tags, [property: OpenApi.Choices(typeof(Contact), nameof(Contact.Stages))] string Lifecycle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LifetimeValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : OpenApi.IHasExample
{
    public static ContactView Of(Contact c) => new(c.Id, c.Name, c.Phone, c.Email, c.Company, c.Location, c.Owner, c.Tags,
        c.Lifecycle, c.LifetimeValue, c.Notes, c.CreatedAt, c.UpdatedAt);

    /// <summary>The contract's example contact.</summary>
    public static object Example => new ContactView("c_1a2b3c", "Asha Rao", "919812345678", "asha@example.com", "Acme", "Bengaluru", "agent-7",
        ["website", "wholesale"], "vip", "₹12,000", "Prefers WhatsApp over email.",
        new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero));
}
