using WaFunctions.Agents;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.OpenApi;
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
        api.MapGet("/chats", ListAsync).WithName("ListChats")
            .WithSummary("List chats")
            .WithDescription("A number's chats, newest activity first. Without sessionId the first ready number is used, else the first one ever linked; with none, the list is empty. Filters: `status`, `assignee` (an agent id, `me` for the key's agent, `none`), `tag` (a tag id), `unread=true`; each alone, and status with assignee, is one range scan of an index; other combinations read the narrowest index and may answer short pages with a cursor to go on.")
            .ReturnsPage<ChatView>()
            .WithQuery(SessionId, Status, Assignee, Tag, Unread, ChatLimit, Paging.Cursor)
            .Fails(404, "not_found", "No number with this sessionId.")
            .RequireScope(Scopes.ChatsRead);
        api.MapGet("/chats/counts", CountsAsync).WithName("CountChats")
            .WithSummary("Counts for the inbox tabs")
            .WithDescription("One number's chats by status, the unassigned ones by status, each agent's by status, the key's own agent's (`mine`, null for a key bound to no agent) and those with unread messages. Kept as the chats change, so it agrees with the lists.")
            .Returns<ChatCountsView>()
            .WithQuery(SessionId)
            .Fails(404, "not_found", "No number with this sessionId.")
            .RequireScope(Scopes.ChatsRead);
        api.MapGet("/chats/{chatId}", GetAsync).WithName("GetChat")
            .WithSummary("Get a conversation")
            .WithDescription("The chat with its conversation: tags, when it was opened, first answered and resolved, its follow-up. chatId is a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.")
            .Returns<ConversationView>()
            .WithQuery(SessionId)
            .RequireScope(Scopes.ChatsRead);
        api.MapGet("/chats/{chatId}/messages", MessagesAsync).WithName("ListChatMessages")
            .WithSummary("List messages in a chat")
            .WithDescription("A chat's messages, newest first; pass the previous page's nextCursor as `before` for older ones. chatId is a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number. " +
                "Each item has the contract's fields and, beside them, what GET /messages/{id} shows: delivery status, kind, media, location, contact card, poll with its votes, the quoted reply, mentions, reactions, edit and deletion (a deleted message has no body and no content).")
            .ReturnsPage<MessageView>()
            .WithQuery(SessionId, MessageLimit, Before)
            .RequireScope(Scopes.ChatsRead);
        return api;
    }

    /// <summary>The number a chat request is about; every endpoint that resolves one from the query declares it.</summary>
    internal static readonly TextQuery SessionId = new("sessionId", 64, "The number (session id) whose chats to read; defaults to the first ready number.");
    private static readonly ChoiceQuery Status = new("status", Chat.Statuses, "Only chats in this status.");
    private static readonly TextQuery Assignee = new("assignee", 64, "Only chats assigned to this agent id; `me` for the key's agent, `none` for unassigned ones.");
    private static readonly TextQuery Tag = new("tag", 64, "Only chats carrying this tag id (tg_…).");
    private static readonly ChoiceQuery Unread = new("unread", ["true", "false"], "`true`: only chats with unread messages.", "false");
    private static readonly NumberQuery ChatLimit = Paging.Limit(200, 1000);
    private static readonly NumberQuery MessageLimit = Paging.Limit(50, 1000);
    private static readonly TextQuery Before = new("before", 2000, "The nextCursor of the previous page: messages older than it.");

    /// <summary>Sessions: one point read (or one bounded query without sessionId); chats: see <see cref="ChatStore.ListAsync(string, ChatFilter, int, string?, CancellationToken)"/>.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, CurrentKey caller, SessionStore sessions, ChatStore chats, CancellationToken ct)
    {
        var limit = ChatLimit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        var filter = FilterOf(request, caller);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Answer.Page<ChatView>([], null);
        var (page, next) = await chats.ListAsync(sessionId, filter, limit, cursor, ct);
        return Answer.Page(page.Select(c => c.View()), next);
    }

    internal static ChatFilter FilterOf(HttpRequest request, CurrentKey caller)
    {
        var status = Status.Read(request);
        var assignee = AssigneeOf(Assignee.Read(request), caller, "Query parameter 'assignee'");
        var tag = Tag.Read(request);
        if (tag is not null && !TagIds.IsId(tag)) throw new InvalidInputException("Query parameter 'tag' must be a tag id (tg_…).");
        var unread = Unread.Read(request) == "true";
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
        return Answer.Data(ChatCountsView.Of(sessionId, counts, team, caller.Key.AgentId));
    }

    /// <summary>Sessions as for the list; the chat: one point read.</summary>
    internal static async Task<IResult> GetAsync(string chatId, HttpRequest request, SessionStore sessions, ChatStore chats, CancellationToken ct)
    {
        var jid = ChatIdOf(chatId);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        return sessionId is not null && await chats.GetAsync(sessionId, jid, ct) is var (chat, _)
            ? Answer.Data(ConversationView.Of(chat))
            : ApiError.NotFound($"No chat '{jid}' on this number.");
    }

    /// <summary>
    /// Newest first; <c>before</c> takes the <c>nextCursor</c> of the previous page for older messages. Each item carries
    /// what <c>GET /messages/{id}</c> shows, because a chat screen needs all of it and reading each message again cost a
    /// client a request per message against its rate limit. Round trips: sessions as for the list; one range scan of
    /// O(limit) history rows, which are copies of the message rows (status, content, edit, deletion); then, issued
    /// together, at most <see cref="ResponseReads"/> at a time: one range query of reactions and votes per message that
    /// has any (marked in its row; usually few or none), and one point read of the message row and one range query of its responses per history
    /// row written before the rows carried the content (none for messages stored since). Copying instead of reading per item is the
    /// cheaper side: a client polls the newest page every few seconds, while the copy costs each delivery receipt one
    /// more read and write of one history row.
    /// </summary>
    internal static async Task<IResult> MessagesAsync(string chatId, HttpRequest request, SessionStore sessions, MessageStore messages,
        MessageResponsesStore responses, CancellationToken ct)
    {
        var limit = MessageLimit.Read(request);
        var before = Before.Read(request);
        var jid = ChatIdOf(chatId);
        var (sessionId, error) = await ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Answer.Page<MessageView>([], null);
        var (rows, next) = await KeyRangeScan.PageAsync(messages.History, MessageStore.HistoryPartition(sessionId, jid), "0", ":", before, limit, null, ct, cursorName: "before");
        var items = new MessageView[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = ResponseReads, CancellationToken = ct }, async (i, token) =>
        {
            var m = MessageRecord.FromHistoryEntity(sessionId, rows[i]);
            var seedOnly = MessageRecord.IsSeedOnlyHistory(rows[i]);
            if (seedOnly && await messages.GetAsync(m.MessageId, sessionId, token) is var (full, _)) m = full;
            // A message from before the marks may have responses unmarked: its history row is from then too, so it is read.
            items[i] = MessageView.Of(m, m.HasResponses || seedOnly ? await responses.GetAsync(sessionId, m.MessageId, token) : MessageResponses.None);
        });
        return Answer.Page(items, next);
    }

    /// <summary>How many reads for one history page run at once: enough to hide latency, few enough not to hog the connection pool.</summary>
    private const int ResponseReads = 8;

    internal static string ChatIdOf(string chatId) =>
        Jid.Normalize(chatId) ?? throw new InvalidInputException("Path parameter 'chatId' must be a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.");

    /// <summary>
    /// The number a chat request is about: <c>sessionId</c> (one point read; 404 when unknown), else the default (one bounded
    /// query). The endpoint declares <see cref="SessionId"/> with <c>.WithQuery</c>.
    /// </summary>
    internal static Task<(string? SessionId, IResult? Error)> ResolveSessionAsync(HttpRequest request, SessionStore sessions, CancellationToken ct) =>
        ResolveSessionAsync(SessionId.Read(request), sessions, ct);

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
