using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Events;
using WaFunctions.OpenApi;
using WaFunctions.Storage;

namespace WaFunctions.Contacts;

/// <summary>
/// CRM contacts. Storage round trips: create 1 (+1 on a duplicate phone), get 1, update 2 (read +
/// transaction; again on a concurrent change), delete 2, list 1 (with <c>q</c>: up to 5, see
/// <see cref="ContactStore.ListAsync"/>); plus one queue send per matching webhook for each event.
/// </summary>
internal static class ContactsApi
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/contacts", ListAsync).WithName("ListContacts")
            .WithSummary("List contacts")
            .WithDescription("Contacts, optionally filtered by a free-text query (name, email, phone) and lifecycle stage.")
            .ReturnsPage<ContactView>()
            .WithQuery(Q, Stage, Limit, Paging.Cursor)
            .RequireScope(Scopes.ContactsRead);
        api.MapPost("/contacts", CreateAsync).WithName("CreateContact")
            .WithSummary("Create a contact")
            .WithDescription("Creates a CRM contact; name and phone are required, lifecycle defaults to lead. One contact per phone number.")
            .Returns<ContactView>(StatusCodes.Status201Created)
            .Fails(409, "duplicate_contact", "A contact with this phone number already exists; the message names its id.")
            .RequireScope(Scopes.ContactsWrite);
        api.MapGet("/contacts/{id}", GetAsync).WithName("GetContact")
            .WithSummary("Get a contact")
            .WithDescription("One contact by id.")
            .Returns<ContactView>()
            .RequireScope(Scopes.ContactsRead);
        api.MapPatch("/contacts/{id}", UpdateAsync).WithName("UpdateContact")
            .WithSummary("Update a contact")
            .WithDescription("A partial update: a field left out keeps its value; null (or an empty string) clears an optional text field, null or [] clears the tags. Name, phone and lifecycle cannot be cleared.")
            .Returns<ContactView>()
            .Fails(409, "duplicate_contact", "Another contact already has the new phone number; the message names its id.")
            .RequireScope(Scopes.ContactsWrite);
        api.MapDelete("/contacts/{id}", DeleteAsync).WithName("DeleteContact")
            .WithSummary("Delete a contact")
            .WithDescription("Deletes the contact; its chats and messages are kept.")
            .ReturnsNothing()
            .RequireScope(Scopes.ContactsWrite);
        return api;
    }

    private static readonly TextQuery Q = new("q", 200, "Free text matched against name, email and phone (a phone-like query also matches by its digits).");
    private static readonly ChoiceQuery Stage = new("stage", Contact.Stages, "Only contacts in this lifecycle stage.");
    private static readonly NumberQuery Limit = Paging.Limit(100, 1000);

    internal static async Task<IResult> ListAsync(HttpRequest request, ContactStore contacts, CancellationToken ct)
    {
        var q = Q.Read(request) is { } text && text.Trim().Length > 0 ? ContactQuery.Of(text) : null;
        var (page, cursor) = await contacts.ListAsync(Stage.Read(request), q, Limit.Read(request), Paging.Cursor.Read(request), ct);
        return Answer.Page(page.Select(ContactView.Of), cursor);
    }

    internal static async Task<IResult> CreateAsync(CreateContactRequest body, ContactStore contacts, IEventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var contact = ContactRules.New(body, ContactStore.NewId(), clock.GetUtcNow());
        try { await contacts.CreateAsync(contact, ct); }
        catch (DuplicateContactException e) { return Duplicate(e); }
        await RecordAsync(events, "contact.created", contact, ct);
        return Answer.Data(ContactView.Of(contact), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> GetAsync(string id, ContactStore contacts, CancellationToken ct) =>
        await contacts.GetAsync(id, ct) is var (contact, _) ? Answer.Data(ContactView.Of(contact)) : NotFound(id);

    /// <summary>A partial update; a concurrent change to the same contact is re-read and the patch re-applied.</summary>
    internal static async Task<IResult> UpdateAsync(string id, UpdateContactRequest body, ContactStore contacts, IEventOutbox events,
        TimeProvider clock, CancellationToken ct)
    {
        Contact? after;
        try
        {
            after = await Optimistic.RetryAsync(async () =>
            {
                if (await contacts.GetAsync(id, ct) is not var (before, etag)) return null;
                var changed = ContactRules.Apply(before, body, clock.GetUtcNow());
                await contacts.UpdateAsync(before, changed, etag, ct);
                return changed;
            }, ct);
        }
        catch (DuplicateContactException e) { return Duplicate(e); }
        if (after is null) return NotFound(id);
        await RecordAsync(events, "contact.updated", after, ct);
        return Answer.Data(ContactView.Of(after));
    }

    internal static async Task<IResult> DeleteAsync(string id, ContactStore contacts, CancellationToken ct)
    {
        var deleted = await Optimistic.RetryAsync(async () =>
        {
            if (await contacts.GetAsync(id, ct) is not var (contact, etag)) return false;
            await contacts.DeleteAsync(contact, etag, ct);
            return true;
        }, ct);
        return deleted ? Results.NoContent() : NotFound(id);
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No contact '{id}'.");

    private static IResult Duplicate(DuplicateContactException e) =>
        ApiError.Conflict("duplicate_contact", $"A contact with this phone number already exists: existing id {e.ExistingId}.");

    /// <summary>After the change is stored; the id is derived from contact id and version, so a retry records the same event.</summary>
    private static Task RecordAsync(IEventOutbox events, string type, Contact contact, CancellationToken ct) =>
        events.RecordAsync(new DomainEvent($"evt_{contact.Id}_v{contact.Version}", type, null, contact.UpdatedAt, ContactView.Of(contact)), ct);
}
