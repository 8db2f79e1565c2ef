using Azure;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Events;
using WaFunctions.Storage;

namespace WaFunctions.Tickets;

/// <summary>
/// Support tickets. Storage round trips: create 2 (counter read + transaction; again when another
/// instance took the number), get 1, update 2 (read + transaction; again on a concurrent change),
/// list 1; plus one queue send per matching webhook for each event.
/// </summary>
internal static class TicketsApi
{
    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tickets", ListAsync).WithName("ListTickets").RequireScope(Scopes.TicketsRead);
        api.MapPost("/tickets", CreateAsync).WithName("CreateTicket").RequireScope(Scopes.TicketsWrite);
        api.MapGet("/tickets/{id}", GetAsync).WithName("GetTicket").RequireScope(Scopes.TicketsRead);
        api.MapPatch("/tickets/{id}", UpdateAsync).WithName("UpdateTicket").RequireScope(Scopes.TicketsWrite);
        return api;
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, TicketStore tickets, CancellationToken ct)
    {
        var status = Query.OneOf(request, "status", Ticket.Statuses);
        var assignee = Query.String(request, "assignee", TicketRules.MaxAssignee)?.Trim() is { Length: > 0 } a ? a : null;
        var limit = Query.Int(request, "limit", 100, 1, 1000);
        var (page, cursor) = await tickets.ListAsync(status, assignee, limit, Query.String(request, "cursor", 2000), ct);
        return Results.Json(new { data = page.Select(TicketView.Of), nextCursor = cursor });
    }

    internal static async Task<IResult> CreateAsync(CreateTicketRequest body, TicketStore tickets, IEventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await tickets.CreateAsync(TicketRules.New(body, TicketStore.NewId(), clock.GetUtcNow()), ct);
        await RecordAsync(events, "ticket.created", ticket, ct);
        return Results.Json(new { data = TicketView.Of(ticket) }, statusCode: 201);
    }

    internal static async Task<IResult> GetAsync(string id, TicketStore tickets, CancellationToken ct) =>
        await tickets.GetAsync(id, ct) is var (ticket, _) ? Results.Json(new { data = TicketView.Of(ticket) }) : NotFound(id);

    /// <summary>A partial update; a concurrent change to the same ticket is re-read and the patch re-applied.</summary>
    internal static async Task<IResult> UpdateAsync(string id, UpdateTicketRequest body, TicketStore tickets, IEventOutbox events,
        TimeProvider clock, CancellationToken ct)
    {
        var after = await Optimistic.RetryAsync(async () =>
        {
            if (await tickets.GetAsync(id, ct) is not var (before, etag)) return null;
            var changed = TicketRules.Apply(before, body, clock.GetUtcNow());
            await tickets.UpdateAsync(before, changed, etag, ct);
            return changed;
        }, ct);
        if (after is null) return NotFound(id);
        await RecordAsync(events, "ticket.updated", after, ct);
        return Results.Json(new { data = TicketView.Of(after) });
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No ticket '{id}'.");

    /// <summary>After the change is stored; the id is derived from ticket id and version, so a retry records the same event.</summary>
    private static Task RecordAsync(IEventOutbox events, string type, Ticket ticket, CancellationToken ct) =>
        events.RecordAsync(new DomainEvent($"evt_{ticket.Id}_v{ticket.Version}", type, null, ticket.UpdatedAt, TicketView.Of(ticket)), ct);
}
