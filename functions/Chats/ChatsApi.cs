using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// Chats and their history (scope <c>chats:read</c>), written by the engine-events handler.
/// Without <c>sessionId</c> the first ready number is used, else the first number that was ever linked;
/// when there is none the list is empty (reads never answer <c>no_ready_session</c>, which is for sends).
/// An unknown <c>sessionId</c> is 404 <c>not_found</c>.
/// </summary>
internal static class ChatsApi
{
    public static IEndpointRouteBuilder MapChats(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats", ListAsync).WithName("ListChats")
            .WithSummary("List chats")
            .WithDescription("A number's chats, newest activity first. Without sessionId the first ready number is used, else the first one ever linked; with none, the list is empty.")
            .ReturnsPage<ChatView>()
            .WithQuery(SessionId, ChatLimit, Paging.Cursor)
            .RequireScope(Scopes.ChatsRead);
        api.MapGet("/chats/{chatId}/messages", MessagesAsync).WithName("ListChatMessages")
            .WithSummary("List messages in a chat")
            .WithDescription("A chat's messages, newest first; pass the previous page's nextCursor as `before` for older ones. chatId is a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.")
            .ReturnsPage<MessageView>()
            .WithQuery(SessionId, MessageLimit, Before)
            .RequireScope(Scopes.ChatsRead);
        return api;
    }

    private static readonly TextQuery SessionId = new("sessionId", 64, "The number (session id) whose chats to read; defaults to the first ready number.");
    private static readonly NumberQuery ChatLimit = Paging.Limit(200, 1000);
    private static readonly NumberQuery MessageLimit = Paging.Limit(50, 1000);
    private static readonly TextQuery Before = new("before", 2000, "The nextCursor of the previous page: messages older than it.");

    /// <summary>Sessions: one point read (or one bounded query without sessionId); chats: one range scan of O(limit) rows.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, SessionStore sessions, ChatStore chats, CancellationToken ct)
    {
        var limit = ChatLimit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Answer.Page<ChatView>([], null);
        var (page, next) = await chats.ListAsync(sessionId, limit, cursor, ct);
        return Answer.Page(page.Select(c => c.View()), next);
    }

    /// <summary>
    /// Newest first; <c>before</c> takes the <c>nextCursor</c> of the previous page for older messages.
    /// Sessions as for the list; messages: one range scan of O(limit) rows.
    /// </summary>
    internal static async Task<IResult> MessagesAsync(string chatId, HttpRequest request, SessionStore sessions, MessageStore messages, CancellationToken ct)
    {
        var limit = MessageLimit.Read(request);
        var before = Before.Read(request);
        var jid = Jid.Normalize(chatId) ?? throw new InvalidInputException("Path parameter 'chatId' must be a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.");
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Answer.Page<MessageView>([], null);
        var (rows, next) = await KeyRangeScan.PageAsync(messages.History, MessageStore.HistoryPartition(sessionId, jid), "0", ":", before, limit, null, ct, cursorName: "before");
        return Answer.Page(rows.Select(r => MessageRecord.HistoryView(sessionId, r)), next);
    }

    private static async Task<(string? SessionId, IResult? Error)> ResolveSessionAsync(HttpRequest request, SessionStore sessions, CancellationToken ct)
    {
        if (SessionId.Read(request) is { } given)
            return await sessions.GetAsync(given, ct) is null ? (null, ApiError.NotFound($"No session '{given}'.")) : (given, null);
        var all = await sessions.ListAsync(ct);
        return ((all.FirstOrDefault(s => s.IsReady) ?? all.FirstOrDefault(s => s.Phone is not null))?.Id, null);
    }
}
