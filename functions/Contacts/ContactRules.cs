using WaFunctions.Errors;

namespace WaFunctions.Contacts;

internal sealed record CreateContactRequest(string? Name, string? Phone, string? Email, string? Company, string? Location,
    string? Owner, string?[]? Tags, string? Lifecycle, string? LifetimeValue, string? Notes);

/// <summary>
/// A partial update: an absent (or null) field is left as it is; an empty string clears an optional
/// text field and an empty list clears the tags. Name, phone and lifecycle cannot be cleared.
/// </summary>
internal sealed record UpdateContactRequest(string? Name, string? Phone, string? Email, string? Company, string? Location,
    string? Owner, string?[]? Tags, string? Lifecycle, string? LifetimeValue, string? Notes);

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
        Name = body.Name is null ? c.Name : Fields.Text(body.Name, "name", MaxName, required: true)!,
        Phone = body.Phone is null ? c.Phone : Fields.Phone(body.Phone, "phone", required: true)!,
        Email = body.Email is null ? c.Email : Fields.Email(body.Email, "email"),
        Company = body.Company is null ? c.Company : Fields.Text(body.Company, "company", MaxCompany),
        Location = body.Location is null ? c.Location : Fields.Text(body.Location, "location", MaxLocation),
        Owner = body.Owner is null ? c.Owner : Fields.Text(body.Owner, "owner", MaxOwner),
        Tags = Fields.Labels(body.Tags, "tags", MaxTags, MaxTag) ?? c.Tags,
        Lifecycle = Fields.OneOf(body.Lifecycle, "lifecycle", Contact.Stages) ?? c.Lifecycle,
        LifetimeValue = body.LifetimeValue is null ? c.LifetimeValue : Fields.Text(body.LifetimeValue, "lifetimeValue", MaxLifetimeValue),
        Notes = body.Notes is null ? c.Notes : Fields.Text(body.Notes, "notes", MaxNotes, multiline: true),
        UpdatedAt = now,
        Version = c.Version + 1,
    };
}
