using WaFunctions.Agents;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.Sessions;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// Chats and their history (scope <c>chats:read</c>), written by the engine-events handler and the inbox.
/// Without <c>sessionId</c> the first ready number is used, else the first number that was ever linked;
/// when there is none the list is empty (reads never answer <c>no_ready_session</c>, which is for sends).
/// An unknown <c>sessionId</c> is 404 <c>not_found</c>.
/// </summary>
internal static class ChatsApi
{
    public static IEndpointRouteBuilder MapChats(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats", ListAsync).WithName("ListChats").RequireScope(Scopes.ChatsRead)
            .WithSummary("List chats")
            .WithDescription("Newest activity first. Filters: `status` (open, pending, resolved, closed), `assignee` (an agent id, `me` for the key's agent, `none`), `tag` (a tag id), `unread=true`; each alone, and status with assignee, is one range scan of an index. Pages continue with `cursor` = the previous `nextCursor`.")
            .Produces<ChatPage>();
        api.MapGet("/chats/counts", CountsAsync).WithName("CountChats").RequireScope(Scopes.ChatsRead)
            .WithSummary("Counts for the inbox tabs")
            .WithDescription("Chats by status, unassigned ones by status, each agent's by status, the key's own agent's (`mine`) and those with unread messages, for one number. Kept as the chats change, so it agrees with the lists.")
            .Produces<ChatCountsEnvelope>();
        api.MapGet("/chats/{chatId}", GetAsync).WithName("GetChat").RequireScope(Scopes.ChatsRead)
            .WithSummary("Get a conversation")
            .WithDescription("The chat with its conversation: tags, when it was opened, first answered and resolved, its follow-up.")
            .Produces<ConversationEnvelope>();
        api.MapGet("/chats/{chatId}/messages", MessagesAsync).WithName("ListChatMessages").RequireScope(Scopes.ChatsRead);
        return api;
    }

    /// <summary>Sessions: one point read (or one bounded query without sessionId); chats: see <see cref="ChatStore.ListAsync(string, ChatFilter, int, string?, CancellationToken)"/>.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, CurrentKey caller, SessionStore sessions, ChatStore chats, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 200, 1, 1000);
        var cursor = Query.String(request, "cursor", 2000);
        var filter = FilterOf(request, caller);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Results.Json(new ChatPage([], null));
        var (page, next) = await chats.ListAsync(sessionId, filter, limit, cursor, ct);
        return Results.Json(new ChatPage([.. page.Select(c => c.View())], next));
    }

    internal static ChatFilter FilterOf(HttpRequest request, CurrentKey caller)
    {
        var status = Query.OneOf(request, "status", Chat.Statuses);
        var assignee = AssigneeOf(Query.String(request, "assignee", 64), caller, "Query parameter 'assignee'");
        var tag = Query.String(request, "tag", 64);
        if (tag is not null && !TagIds.IsId(tag)) throw new InvalidInputException("Query parameter 'tag' must be a tag id (tg_…).");
        var unread = Query.OneOf(request, "unread", ["true", "false"]) == "true";
        return new ChatFilter(status, assignee, tag, unread);
    }

    /// <summary>An agent id as given, <c>me</c> as the key's agent, <c>none</c> as unassigned.</summary>
    internal static string? AssigneeOf(string? value, CurrentKey caller, string what) => value switch
    {
        null => null,
        "none" => ChatIndex.Unassigned,
        "me" => caller.Key.AgentId ?? throw new InvalidInputException($"{what} is 'me', but this key is bound to no agent (set agentId on the key)."),
        _ when AgentStore.IsId(value) => value,
        _ => throw new InvalidInputException($"{what} must be an agent id (ag_…), 'me' or 'none'."),
    };

    /// <summary>Sessions as for the list; counts: one range scan of the session's count shards; agents: one bounded range scan.</summary>
    internal static async Task<IResult> CountsAsync(HttpRequest request, CurrentKey caller, SessionStore sessions, ChatStore chats, AgentStore agents, CancellationToken ct)
    {
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        var counts = sessionId is null ? new ChatCounts() : await chats.CountsAsync(sessionId, ct);
        var team = await agents.ListAsync(ct);
        return Results.Json(new ChatCountsEnvelope(ChatCountsView.Of(sessionId, counts, team, caller.Key.AgentId)));
    }

    /// <summary>Sessions as for the list; the chat: one point read.</summary>
    internal static async Task<IResult> GetAsync(string chatId, HttpRequest request, SessionStore sessions, ChatStore chats, CancellationToken ct)
    {
        var jid = ChatIdOf(chatId);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        return sessionId is not null && await chats.GetAsync(sessionId, jid, ct) is var (chat, _)
            ? Results.Json(new ConversationEnvelope(ConversationView.Of(chat)))
            : ApiError.NotFound($"No chat '{jid}' on this number.");
    }

    /// <summary>
    /// Newest first; <c>before</c> takes the <c>nextCursor</c> of the previous page for older messages.
    /// Sessions as for the list; messages: one range scan of O(limit) rows.
    /// </summary>
    internal static async Task<IResult> MessagesAsync(string chatId, HttpRequest request, SessionStore sessions, MessageStore messages, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 50, 1, 1000);
        var before = Query.String(request, "before", 2000);
        var jid = ChatIdOf(chatId);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Results.Json(new { data = Array.Empty<object>(), nextCursor = (string?)null });
        var (rows, next) = await KeyRangeScan.PageAsync(messages.History, MessageStore.HistoryPartition(sessionId, jid), "0", ":", before, limit, null, ct, cursorName: "before");
        return Results.Json(new { data = rows.Select(r => MessageRecord.HistoryView(sessionId, r)), nextCursor = next });
    }

    internal static string ChatIdOf(string chatId) =>
        Jid.Normalize(chatId) ?? throw new InvalidInputException("Path parameter 'chatId' must be a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.");

    /// <summary>The number a chat request is about: <c>sessionId</c> (one point read; 404 when unknown), else the default (one bounded query).</summary>
    internal static Task<(string? SessionId, IResult? Error)> ResolveSessionAsync(HttpRequest request, SessionStore sessions, CancellationToken ct) =>
        ResolveSessionAsync(Query.String(request, "sessionId", 64), sessions, ct);

    /// <summary>As above, for a session id given some other way (a body field).</summary>
    internal static async Task<(string? SessionId, IResult? Error)> ResolveSessionAsync(string? given, SessionStore sessions, CancellationToken ct)
    {
        if (given is not null)
            return await sessions.GetAsync(given, ct) is null ? (null, ApiError.NotFound($"No session '{given}'.")) : (given, null);
        var all = await sessions.ListAsync(ct);
        return ((all.FirstOrDefault(s => s.IsReady) ?? all.FirstOrDefault(s => s.Phone is not null))?.Id, null);
    }
}

/// <summary>The id shape of tags (<c>tg_</c> + 10 letters/digits); the tags themselves live in the inbox.</summary>
public static class TagIds
{
    public static bool IsId(string? id) => id is { Length: 13 } && id.StartsWith("tg_", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789");
}
