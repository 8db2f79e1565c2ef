using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Events;
using WaFunctions.OpenApi;
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
        api.MapGet("/tickets", ListAsync).WithName("ListTickets")
            .WithSummary("List tickets")
            .WithDescription("Tickets, newest first, optionally filtered by status and assignee.")
            .ReturnsPage<TicketView>()
            .WithQuery(Status, Assignee, Limit, Paging.Cursor)
            .RequireScope(Scopes.TicketsRead);
        api.MapPost("/tickets", CreateAsync).WithName("CreateTicket")
            .WithSummary("Create a ticket")
            .WithDescription("Creates a support ticket with the next reference (TKT-…). Only subject is required; status defaults to open, priority to med.")
            .Returns<TicketView>(StatusCodes.Status201Created)
            .RequireScope(Scopes.TicketsWrite);
        api.MapGet("/tickets/{id}", GetAsync).WithName("GetTicket")
            .WithSummary("Get a ticket")
            .WithDescription("One ticket by id.")
            .Returns<TicketView>()
            .RequireScope(Scopes.TicketsRead);
        api.MapPatch("/tickets/{id}", UpdateAsync).WithName("UpdateTicket")
            .WithSummary("Update a ticket")
            .WithDescription("A partial update: a field left out keeps its value; null (or an empty string) clears customerName, customerPhone or assignee. Subject, status, priority and tag cannot be cleared.")
            .Returns<TicketView>()
            .RequireScope(Scopes.TicketsWrite);
        return api;
    }

    private static readonly ChoiceQuery Status = new("status", Ticket.Statuses, "Only tickets in this status.");
    private static readonly TextQuery Assignee = new("assignee", TicketRules.MaxAssignee, "Only tickets assigned to this agent.");
    private static readonly NumberQuery Limit = Paging.Limit(100, 1000);

    internal static async Task<IResult> ListAsync(HttpRequest request, TicketStore tickets, CancellationToken ct)
    {
        var assignee = Assignee.Read(request)?.Trim() is { Length: > 0 } a ? a : null;
        var (page, cursor) = await tickets.ListAsync(Status.Read(request), assignee, Limit.Read(request), Paging.Cursor.Read(request), ct);
        return Answer.Page(page.Select(TicketView.Of), cursor);
    }

    internal static async Task<IResult> CreateAsync(CreateTicketRequest body, TicketStore tickets, IEventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await tickets.CreateAsync(TicketRules.New(body, TicketStore.NewId(), clock.GetUtcNow()), ct);
        await RecordAsync(events, "ticket.created", ticket, ct);
        return Answer.Data(TicketView.Of(ticket), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> GetAsync(string id, TicketStore tickets, CancellationToken ct) =>
        await tickets.GetAsync(id, ct) is var (ticket, _) ? Answer.Data(TicketView.Of(ticket)) : NotFound(id);

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
        return Answer.Data(TicketView.Of(after));
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No ticket '{id}'.");

    /// <summary>After the change is stored; the id is derived from ticket id and version, so a retry records the same event.</summary>
    private static Task RecordAsync(IEventOutbox events, string type, Ticket ticket, CancellationToken ct) =>
        events.RecordAsync(new DomainEvent($"evt_{ticket.Id}_v{ticket.Version}", type, null, ticket.UpdatedAt, TicketView.Of(ticket)), ct);
}
