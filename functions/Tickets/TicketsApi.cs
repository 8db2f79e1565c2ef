using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Chats;
using WaFunctions.Errors;
using WaFunctions.Events;
using WaFunctions.Messages;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;
using WaFunctions.Storage;

namespace WaFunctions.Tickets;

/// <summary>
/// Support tickets, optionally opened from a conversation (<c>chatId</c>) and then listed on it. Storage round trips:
/// create 2 (counter read + transaction; again when another instance took the number) plus, from a conversation, the
/// session (point read or bounded query) and the chat (point read); get 1, update 2 (read + transaction; again on a
/// concurrent change), list 1; plus one queue send per matching webhook for each event.
/// </summary>
internal static class TicketsApi
{
    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tickets", ListAsync).WithName("ListTickets")
            .WithSummary("List tickets")
            .WithDescription("Tickets, newest first, optionally filtered by status and assignee; with `chatId` (and `sessionId` as for chats) only those opened from that conversation.")
            .ReturnsPage<TicketView>()
            .WithQuery(Status, Assignee, ChatId, ChatsApi.SessionId, Limit, Paging.Cursor)
            .Fails(404, "not_found", "No number with this sessionId.")
            .RequireScope(Scopes.TicketsRead);
        api.MapPost("/tickets", CreateFromBodyAsync).WithName("CreateTicket")
            .WithSummary("Create a ticket")
            .WithDescription("Creates a support ticket with the next reference (TKT-…). Only subject is required; status defaults to open, priority to med. With `chatId` (and `sessionId`, default: the default number) it is opened from that conversation and listed on it; customerName and customerPhone then default to the chat's.")
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
        api.MapGet("/chats/{chatId}/tickets", ListForChatAsync).WithName("ListChatTickets")
            .WithSummary("List a conversation's tickets")
            .WithDescription("The tickets opened from this conversation, newest first (`sessionId` as for chats). chatId is a WhatsApp jid or a phone number.")
            .ReturnsPage<TicketView>()
            .WithQuery(ChatsApi.SessionId, Limit, Paging.Cursor)
            .RequireScope(Scopes.TicketsRead);
        api.MapPost("/chats/{chatId}/tickets", CreateForChatAsync).WithName("CreateChatTicket")
            .WithSummary("Open a ticket from a conversation")
            .WithDescription("As POST /tickets for this conversation (`sessionId` as for chats); customerName and customerPhone default to the chat's name and phone. A chatId or sessionId in the body is ignored.")
            .Returns<TicketView>(StatusCodes.Status201Created)
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.TicketsWrite);
        return api;
    }

    private static readonly ChoiceQuery Status = new("status", Ticket.Statuses, "Only tickets in this status.");
    private static readonly TextQuery Assignee = new("assignee", TicketRules.MaxAssignee, "Only tickets assigned to this agent.");
    private static readonly TextQuery ChatId = new("chatId", 100, "Only tickets opened from this conversation (a WhatsApp jid or a phone number).");
    private static readonly NumberQuery Limit = Paging.Limit(100, 1000);

    /// <summary>
    /// Without <c>chatId</c>: one range scan (<see cref="TicketStore.ListAsync"/>). With it: the session (point read or
    /// bounded query) and one range scan of the conversation's index rows, filtered by status and assignee.
    /// </summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, TicketStore tickets, SessionStore sessions, CancellationToken ct)
    {
        var status = Status.Read(request);
        var assignee = Assignee.Read(request)?.Trim() is { Length: > 0 } a ? a : null;
        var limit = Limit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        if (ChatId.Read(request) is { } chatId)
        {
            var jid = Jid.Normalize(chatId) ?? throw new InvalidInputException("Query parameter 'chatId' must be a WhatsApp jid or a phone number.");
            var (sessionId, error) = await ChatsApi.ResolveSessionAsync(request, sessions, ct);
            if (error is not null) return error;
            if (sessionId is null) return Answer.Page<TicketView>([], null);
            var (forChat, next) = await tickets.ListForChatAsync(sessionId, jid, limit, cursor, ct,
                t => (status is null || t.Status == status) && (assignee is null || string.Equals(t.Assignee, assignee, StringComparison.OrdinalIgnoreCase)));
            return Answer.Page(forChat.Select(TicketView.Of), next);
        }
        var (page, nextCursor) = await tickets.ListAsync(status, assignee, limit, cursor, ct);
        return Answer.Page(page.Select(TicketView.Of), nextCursor);
    }

    internal static async Task<IResult> ListForChatAsync(string chatId, HttpRequest request, TicketStore tickets, SessionStore sessions, CancellationToken ct)
    {
        var jid = ChatsApi.ChatIdOf(chatId);
        var limit = Limit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        var (sessionId, error) = await ChatsApi.ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Answer.Page<TicketView>([], null);
        var (page, next) = await tickets.ListForChatAsync(sessionId, jid, limit, cursor, ct);
        return Answer.Page(page.Select(TicketView.Of), next);
    }

    internal static async Task<IResult> CreateFromBodyAsync(CreateTicketRequest body, SessionStore sessions, ChatStore chats, TicketStore tickets,
        IEventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        if (body.ChatId is null) return await CreateAsync(body, tickets, events, clock, ct);
        var jid = Jid.Normalize(body.ChatId) ?? throw new InvalidInputException("Field 'chatId' must be a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.");
        var (sessionId, error) = await ChatsApi.ResolveSessionAsync(body.SessionId, sessions, ct);
        if (error is not null) throw new InvalidInputException($"Field 'sessionId' names no number ('{body.SessionId}').");
        var chat = sessionId is null ? null : (await chats.GetAsync(sessionId, jid, ct))?.Chat;
        return chat is null
            ? throw new InvalidInputException($"Field 'chatId' names no chat on this number ('{jid}').")
            : await CreateAsync(body, tickets, events, clock, ct, chat);
    }

    internal static async Task<IResult> CreateForChatAsync(string chatId, CreateTicketRequest body, HttpRequest request, SessionStore sessions, ChatStore chats,
        TicketStore tickets, IEventOutbox events, TimeProvider clock, CancellationToken ct)
    {
        var jid = ChatsApi.ChatIdOf(chatId);
        var (sessionId, error) = await ChatsApi.ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        var chat = sessionId is null ? null : (await chats.GetAsync(sessionId, jid, ct))?.Chat;
        return chat is null ? ApiError.NotFound($"No chat '{jid}' on this number.") : await CreateAsync(body, tickets, events, clock, ct, chat);
    }

    /// <summary>Creates the ticket; opened from <paramref name="chat"/>, it names it and takes its name and phone unless given.</summary>
    internal static async Task<IResult> CreateAsync(CreateTicketRequest body, TicketStore tickets, IEventOutbox events, TimeProvider clock, CancellationToken ct,
        Chat? chat = null)
    {
        var draft = TicketRules.New(body, TicketStore.NewId(), clock.GetUtcNow());
        if (chat is not null)
            draft = draft with
            {
                SessionId = chat.SessionId, ChatId = chat.ChatId,
                CustomerName = draft.CustomerName ?? chat.Name, CustomerPhone = draft.CustomerPhone ?? Jid.PhoneOf(chat.ChatId),
            };
        var ticket = await tickets.CreateAsync(draft, ct);
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
