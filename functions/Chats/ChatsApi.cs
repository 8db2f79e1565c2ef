using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;
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
        api.MapGet("/chats", ListAsync).WithName("ListChats").RequireScope(Scopes.ChatsRead);
        api.MapGet("/chats/{chatId}/messages", MessagesAsync).WithName("ListChatMessages").RequireScope(Scopes.ChatsRead);
        return api;
    }

    /// <summary>Sessions: one point read (or one bounded query without sessionId); chats: one range scan of O(limit) rows.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, SessionStore sessions, ChatStore chats, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 200, 1, 1000);
        var cursor = Query.String(request, "cursor", 2000);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Results.Json(new { data = Array.Empty<object>(), nextCursor = (string?)null });
        var (page, next) = await chats.ListAsync(sessionId, limit, cursor, ct);
        return Results.Json(new { data = page.Select(c => c.View()), nextCursor = next });
    }

    /// <summary>
    /// Newest first; <c>before</c> takes the <c>nextCursor</c> of the previous page for older messages.
    /// Sessions as for the list; messages: one range scan of O(limit) rows.
    /// </summary>
    internal static async Task<IResult> MessagesAsync(string chatId, HttpRequest request, SessionStore sessions, MessageStore messages, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 50, 1, 1000);
        var before = Query.String(request, "before", 2000);
        var jid = Jid.Normalize(chatId) ?? throw new InvalidInputException("Path parameter 'chatId' must be a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.");
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Results.Json(new { data = Array.Empty<object>(), nextCursor = (string?)null });
        var (rows, next) = await KeyRangeScan.PageAsync(messages.History, MessageStore.HistoryPartition(sessionId, jid), "0", ":", before, limit, null, ct, cursorName: "before");
        return Results.Json(new { data = rows.Select(r => MessageRecord.HistoryView(sessionId, r)), nextCursor = next });
    }

    private static async Task<(string? SessionId, IResult? Error)> ResolveSessionAsync(HttpRequest request, SessionStore sessions, CancellationToken ct)
    {
        if (Query.String(request, "sessionId", 64) is { } given)
            return await sessions.GetAsync(given, ct) is null ? (null, ApiError.NotFound($"No session '{given}'.")) : (given, null);
        var all = await sessions.ListAsync(ct);
        return ((all.FirstOrDefault(s => s.IsReady) ?? all.FirstOrDefault(s => s.Phone is not null))?.Id, null);
    }
}
