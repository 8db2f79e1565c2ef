using Azure;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Events;
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
        api.MapGet("/contacts", ListAsync).WithName("ListContacts").RequireScope(Scopes.ContactsRead);
        api.MapPost("/contacts", CreateAsync).WithName("CreateContact").RequireScope(Scopes.ContactsWrite);
        api.MapGet("/contacts/{id}", GetAsync).WithName("GetContact").RequireScope(Scopes.ContactsRead);
        api.MapPatch("/contacts/{id}", UpdateAsync).WithName("UpdateContact").RequireScope(Scopes.ContactsWrite);
        api.MapDelete("/contacts/{id}", DeleteAsync).WithName("DeleteContact").RequireScope(Scopes.ContactsWrite);
        return api;
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, ContactStore contacts, CancellationToken ct)
    {
        var q = Query.String(request, "q", 200) is { } text && text.Trim().Length > 0 ? ContactQuery.Of(text) : null;
        var stage = Query.OneOf(request, "stage", Contact.Stages);
        var limit = Query.Int(request, "limit", 100, 1, 1000);
        var (page, cursor) = await contacts.ListAsync(stage, q, limit, Query.String(request, "cursor", 2000), ct);
        return Results.Json(new { data = page.Select(ContactView.Of), nextCursor = cursor });
    }

    internal static async Task<IResult> CreateAsync(CreateContactRequest body, ContactStore contacts, IEventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var contact = ContactRules.New(body, ContactStore.NewId(), clock.GetUtcNow());
        try { await contacts.CreateAsync(contact, ct); }
        catch (DuplicateContactException e) { return Duplicate(e); }
        await RecordAsync(events, "contact.created", contact, ct);
        return Results.Json(new { data = ContactView.Of(contact) }, statusCode: 201);
    }

    internal static async Task<IResult> GetAsync(string id, ContactStore contacts, CancellationToken ct) =>
        await contacts.GetAsync(id, ct) is var (contact, _) ? Results.Json(new { data = ContactView.Of(contact) }) : NotFound(id);

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
        return Results.Json(new { data = ContactView.Of(after) });
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
