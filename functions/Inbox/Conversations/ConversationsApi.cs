using WaFunctions.Agents;
using WaFunctions.Auth;
using WaFunctions.Chats;
using WaFunctions.Errors;
using WaFunctions.Inbox.Due;
using WaFunctions.Inbox.Tags;
using WaFunctions.Sessions;

namespace WaFunctions.Inbox.Conversations;

/// <summary>
/// The chats of seed 000 made writable (scope <c>chats:write</c>): status, assignment, tags, follow-ups. Each answers
/// the conversation as it is afterwards (<c>{ data: conversation }</c>); a change that changes nothing (resolving a
/// resolved one) is answered the same, without an event. Round trips: the session as for chats, what the body names
/// (the agent: one point read; the tags: one bounded query), then one conversation change (see
/// <see cref="ConversationService"/>: chat read, counter reads, one transaction) and its events; a follow-up adds one queue send.
/// </summary>
internal static class ConversationsApi
{
    public const int MaxNote = 1000;
    private static readonly TimeSpan MaxFollowUp = TimeSpan.FromDays(365);

    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder api)
    {
        Describe(api.MapPatch("/chats/{chatId}", UpdateAsync).WithName("UpdateChat"), "Change a conversation's status or tags",
            "`status` (open, pending, resolved, closed) moves it as /reopen, /resolve and closing do; `tags` (tag ids, at most 20; null: none) replaces its tags.");
        Describe(api.MapPost("/chats/{chatId}/assign", AssignAsync).WithName("AssignChat"), "Assign a conversation",
            "`agentId`: an agent id, or `me` for the key's agent. Records conversation.assigned.");
        Describe(api.MapPost("/chats/{chatId}/unassign", UnassignAsync).WithName("UnassignChat"), "Unassign a conversation",
            "Records conversation.assigned with a null assignee.");
        Describe(api.MapPost("/chats/{chatId}/resolve", ResolveAsync).WithName("ResolveChat"), "Resolve a conversation",
            "An inbound message reopens it. A closed conversation cannot be resolved (409 conversation_closed). Records conversation.resolved.");
        Describe(api.MapPost("/chats/{chatId}/reopen", ReopenAsync).WithName("ReopenChat"), "Reopen a conversation",
            "From pending, resolved or closed. Records conversation.reopened (conversation.created for a chat that never had one).");
        Describe(api.MapPost("/chats/{chatId}/follow-up", FollowUpAsync).WithName("SetChatFollowUp"), "Set a follow-up reminder",
            "`at` (ISO 8601, in the future, within a year) and an optional `note`. When due, the conversation reopens unless open and conversation.follow_up_due is recorded. Replaces an earlier follow-up.");
        Describe(api.MapDelete("/chats/{chatId}/follow-up", CancelFollowUpAsync).WithName("CancelChatFollowUp"), "Cancel the follow-up", null);
        Describe(api.MapPost("/chats/{chatId}/tags/{tagId}", AddTagAsync).WithName("AddChatTag"), "Tag a conversation", "At most 20 tags a conversation.");
        Describe(api.MapDelete("/chats/{chatId}/tags/{tagId}", RemoveTagAsync).WithName("RemoveChatTag"), "Untag a conversation", null);
        return api;
    }

    private static void Describe(RouteHandlerBuilder route, string summary, string? description)
    {
        route.RequireScope(Scopes.ChatsWrite).WithSummary(summary).Produces<ConversationEnvelope>();
        if (description is not null) route.WithDescription(description);
    }

    internal sealed record UpdateChatRequest
    {
        public Optional<string> Status { get; init; }
        public Optional<string?[]> Tags { get; init; }
    }

    internal sealed record AssignRequest(string? AgentId);

    internal sealed record FollowUpRequest(DateTimeOffset? At, string? Note);

    internal static async Task<IResult> UpdateAsync(string chatId, UpdateChatRequest body, HttpRequest request, SessionStore sessions, TagStore tags,
        ConversationService conversations, CancellationToken ct)
    {
        var status = body.Status.OrKeep<string?>(null, "status", v => Fields.OneOf(v, "status", Chat.Statuses));
        IReadOnlyList<string>? tagIds = null;
        if (body.Tags.IsSet)
        {
            tagIds = Fields.Labels(body.Tags.Value ?? [], "tags", Chat.MaxTags, 13) ?? [];
            var known = (await tags.ListAsync(ct)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            if (tagIds.FirstOrDefault(t => !known.Contains(t)) is { } unknown) throw new InvalidInputException($"Field 'tags' names no tag '{unknown}'.");
        }
        return await RunAsync(chatId, request, sessions, conversations, s =>
        {
            var changed = status is not null && ConversationRules.SetStatus(s, status, "api");
            if (tagIds is not null && !s.Chat.Tags.SequenceEqual(tagIds))
            {
                s.Chat = s.Chat with { Tags = tagIds };
                changed = true;
            }
            return changed;
        }, ct);
    }

    internal static async Task<IResult> AssignAsync(string chatId, AssignRequest body, HttpRequest request, CurrentKey caller, SessionStore sessions,
        AgentStore agents, ConversationService conversations, CancellationToken ct)
    {
        var agentId = ChatsApi.AssigneeOf(Fields.Text(body.AgentId, "agentId", 64, required: true), caller, "Field 'agentId'");
        if (agentId == ChatIndex.Unassigned) throw new InvalidInputException("Field 'agentId' must be an agent id or 'me'; use /unassign to unassign.");
        if (await agents.GetAsync(agentId!, ct) is not var (agent, _)) throw new InvalidInputException($"Field 'agentId' names no agent ('{agentId}').");
        return await RunAsync(chatId, request, sessions, conversations, s => ConversationRules.Assign(s, agent.Id, agent.Name, "api"), ct);
    }

    internal static Task<IResult> UnassignAsync(string chatId, HttpRequest request, SessionStore sessions, ConversationService conversations, CancellationToken ct) =>
        RunAsync(chatId, request, sessions, conversations, s => ConversationRules.Assign(s, null, null, "api"), ct);

    internal static Task<IResult> ResolveAsync(string chatId, HttpRequest request, SessionStore sessions, ConversationService conversations, CancellationToken ct) =>
        RunAsync(chatId, request, sessions, conversations, ConversationRules.Resolve, ct);

    internal static Task<IResult> ReopenAsync(string chatId, HttpRequest request, SessionStore sessions, ConversationService conversations, CancellationToken ct) =>
        RunAsync(chatId, request, sessions, conversations, s => ConversationRules.Reopen(s, "api"), ct);

    internal static async Task<IResult> FollowUpAsync(string chatId, FollowUpRequest body, HttpRequest request, SessionStore sessions,
        ConversationService conversations, DueQueue due, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var at = body.At ?? throw new InvalidInputException("Field 'at' is required: an ISO 8601 time, e.g. 2026-12-01T09:00:00+05:30.");
        if (at <= now || at > now + MaxFollowUp) throw new InvalidInputException("Field 'at' must be in the future, at most a year ahead.");
        var followUp = new FollowUp(DueQueue.NewFollowUpId(), at.ToUnixTimeSeconds(), Fields.Text(body.Note, "note", MaxNote, multiline: true));
        var result = await RunAsync(chatId, request, sessions, conversations, s =>
        {
            s.Chat = s.Chat with { FollowUp = followUp };
            return true;
        }, ct, async chat => await due.ScheduleFollowUpAsync(chat.SessionId, chat.ChatId, followUp, ct));
        return result;
    }

    internal static Task<IResult> CancelFollowUpAsync(string chatId, HttpRequest request, SessionStore sessions, ConversationService conversations, CancellationToken ct) =>
        RunAsync(chatId, request, sessions, conversations, s =>
        {
            if (s.Chat.FollowUp is null) return false;
            s.Chat = s.Chat with { FollowUp = null };
            return true;
        }, ct);

    internal static async Task<IResult> AddTagAsync(string chatId, string tagId, HttpRequest request, SessionStore sessions, TagStore tags,
        ConversationService conversations, CancellationToken ct)
    {
        if (await tags.GetAsync(tagId, ct) is null) return ApiError.NotFound($"No tag '{tagId}'.");
        var full = false;
        var result = await RunAsync(chatId, request, sessions, conversations, s =>
        {
            if (s.Chat.Tags.Contains(tagId)) return false;
            if (s.Chat.Tags.Count >= Chat.MaxTags) return !(full = true);
            s.Chat = s.Chat with { Tags = [.. s.Chat.Tags, tagId] };
            return true;
        }, ct);
        return full ? ApiError.Conflict("limit_reached", $"A conversation has at most {Chat.MaxTags} tags; remove one first.") : result;
    }

    internal static Task<IResult> RemoveTagAsync(string chatId, string tagId, HttpRequest request, SessionStore sessions, ConversationService conversations, CancellationToken ct) =>
        RunAsync(chatId, request, sessions, conversations, s =>
        {
            if (!s.Chat.Tags.Contains(tagId)) return false;
            s.Chat = s.Chat with { Tags = [.. s.Chat.Tags.Where(t => t != tagId)] };
            return true;
        }, ct);

    private static async Task<IResult> RunAsync(string chatId, HttpRequest request, SessionStore sessions, ConversationService conversations,
        Func<ConversationStep, bool> apply, CancellationToken ct, Func<Chat, Task>? after = null)
    {
        var jid = ChatsApi.ChatIdOf(chatId);
        var (sessionId, error) = await ChatsApi.ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return error;
        Chat? chat;
        try { chat = sessionId is null ? null : await conversations.ApiChangeAsync(sessionId, jid, apply, ct); }
        catch (ConversationClosedException) { return ApiError.Conflict("conversation_closed", "The conversation is closed; reopen it first."); }
        if (chat is null) return ApiError.NotFound($"No chat '{jid}' on this number.");
        if (after is not null) await after(chat);
        return Results.Json(new ConversationEnvelope(ConversationView.Of(chat)));
    }
}
