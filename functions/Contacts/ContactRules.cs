using WaFunctions.Errors;

namespace WaFunctions.Contacts;

/// <summary>Name and phone are required; lifecycle defaults to lead.</summary>
internal sealed record CreateContactRequest(string? Name, string? Phone, string? Email = null, string? Company = null, string? Location = null,
    string? Owner = null, string?[]? Tags = null, [property: OpenApi.Choices(typeof(Contact), nameof(Contact.Stages))] string? Lifecycle = null,
    string? LifetimeValue = null, string? Notes = null);

/// <summary>
/// A partial update: a field left out keeps its value; <c>null</c> (or an empty string) clears an optional text field,
/// <c>null</c> or an empty list clears the tags. Name, phone and lifecycle cannot be cleared (400).
/// </summary>
internal sealed record UpdateContactRequest
{
    public Optional<string> Name { get; init; }
    public Optional<string> Phone { get; init; }
    public Optional<string> Email { get; init; }
    public Optional<string> Company { get; init; }
    public Optional<string> Location { get; init; }
    public Optional<string> Owner { get; init; }
    public Optional<string?[]> Tags { get; init; }
    [OpenApi.Choices(typeof(Contact), nameof(Contact.Stages))]
    public Optional<string> Lifecycle { get; init; }
    public Optional<string> LifetimeValue { get; init; }
    public Optional<string> Notes { get; init; }
}

/// <summary>Validation and normalisation of contact fields, shared by create and update. Pure.</summary>
internal static class ContactRules
{
    public const int MaxName = 200, MaxEmail = 254, MaxCompany = 200, MaxLocation = 200, MaxOwner = 100;
    public const int MaxTags = 50, MaxTag = 50, MaxLifetimeValue = 100, MaxNotes = 5000;

    /// <summary>A new contact from a create request; lifecycle defaults to <c>lead</c>.</summary>
    public static Contact New(CreateContactRequest body, string id, DateTimeOffset now) => new(
        id,
        Fields.Text(body.Name, "name", MaxName, required: true)!,
        Fields.Phone(body.Phone, "phone", required: true)!,
        Fields.Email(body.Email, "email"),
        Fields.Text(body.Company, "company", MaxCompany),
        Fields.Text(body.Location, "location", MaxLocation),
        Fields.Text(body.Owner, "owner", MaxOwner),
        Fields.Labels(body.Tags, "tags", MaxTags, MaxTag) ?? [],
        Fields.OneOf(body.Lifecycle, "lifecycle", Contact.Stages) ?? Contact.DefaultStage,
        Fields.Text(body.LifetimeValue, "lifetimeValue", MaxLifetimeValue),
        Fields.Text(body.Notes, "notes", MaxNotes, multiline: true),
        now, now, Version: 1);

    /// <summary>The contact with the request's fields applied (validated exactly as on create).</summary>
    public static Contact Apply(Contact c, UpdateContactRequest body, DateTimeOffset now) => c with
    {
        Name = body.Name.OrKeep(c.Name, "name", v => Fields.Text(v, "name", MaxName, required: true)!),
        Phone = body.Phone.OrKeep(c.Phone, "phone", v => Fields.Phone(v, "phone", required: true)!),
        Email = body.Email.Or(c.Email, v => Fields.Email(v, "email")),
        Company = body.Company.Or(c.Company, v => Fields.Text(v, "company", MaxCompany)),
        Location = body.Location.Or(c.Location, v => Fields.Text(v, "location", MaxLocation)),
        Owner = body.Owner.Or(c.Owner, v => Fields.Text(v, "owner", MaxOwner)),
        Tags = body.Tags.Or(c.Tags, v => Fields.Labels(v, "tags", MaxTags, MaxTag) ?? []),
        Lifecycle = body.Lifecycle.OrKeep(c.Lifecycle, "lifecycle", v => Fields.OneOf(v, "lifecycle", Contact.Stages)!),
        LifetimeValue = body.LifetimeValue.Or(c.LifetimeValue, v => Fields.Text(v, "lifetimeValue", MaxLifetimeValue)),
        Notes = body.Notes.Or(c.Notes, v => Fields.Text(v, "notes", MaxNotes, multiline: true)),
        UpdatedAt = now,
        Version = c.Version + 1,
    };
}
