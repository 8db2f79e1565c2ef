using WaFunctions.Agents;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Chats;
using WaFunctions.Errors;
using WaFunctions.Inbox.Due;
using WaFunctions.Inbox.Tags;
using WaFunctions.OpenApi;
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
        api.MapPatch("/chats/{chatId}", UpdateAsync).WithName("UpdateChat")
            .WithSummary("Change a conversation's status or tags")
            .WithDescription(About + "`status` moves it as /reopen, /resolve and closing do (pending sets it aside, without an event); `tags` (tag ids, at most 20; null or []: none) replaces its tags. A field left out keeps its value.")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .Fails(409, "conversation_closed", "`status: resolved` on a closed conversation; reopen it first.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapPost("/chats/{chatId}/assign", AssignAsync).WithName("AssignChat")
            .WithSummary("Assign a conversation")
            .WithDescription(About + "`agentId`: an agent id, or `me` for the key's agent. Records conversation.assigned.")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        api.MapPost("/chats/{chatId}/unassign", UnassignAsync).WithName("UnassignChat")
            .WithSummary("Unassign a conversation")
            .WithDescription(About + "Records conversation.assigned with a null assignee.")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        api.MapPost("/chats/{chatId}/resolve", ResolveAsync).WithName("ResolveChat")
            .WithSummary("Resolve a conversation")
            .WithDescription(About + "An inbound message reopens it. Records conversation.resolved.")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .Fails(409, "conversation_closed", "The conversation is closed; reopen it first.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapPost("/chats/{chatId}/reopen", ReopenAsync).WithName("ReopenChat")
            .WithSummary("Reopen a conversation")
            .WithDescription(About + "From pending, resolved or closed. Records conversation.reopened (conversation.created for a chat that never had one).")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        api.MapPost("/chats/{chatId}/follow-up", FollowUpAsync).WithName("SetChatFollowUp")
            .WithSummary("Set a follow-up reminder")
            .WithDescription(About + "`at` (ISO 8601, in the future, within a year) and an optional `note`. When due, the conversation reopens unless open and conversation.follow_up_due is recorded. Replaces an earlier follow-up.")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        api.MapDelete("/chats/{chatId}/follow-up", CancelFollowUpAsync).WithName("CancelChatFollowUp")
            .WithSummary("Cancel the follow-up")
            .WithDescription(About + "Removes the conversation's follow-up reminder, if any; it will not fire.")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        api.MapPost("/chats/{chatId}/tags/{tagId}", AddTagAsync).WithName("AddChatTag")
            .WithSummary("Tag a conversation")
            .WithDescription(About + "Adds the tag (a no-op when it is already there).")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .Fails(409, "limit_reached", $"The conversation already has {Chat.MaxTags} tags; remove one first.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapDelete("/chats/{chatId}/tags/{tagId}", RemoveTagAsync).WithName("RemoveChatTag")
            .WithSummary("Untag a conversation")
            .WithDescription(About + "Removes the tag (a no-op when it is not there).")
            .Returns<ConversationView>()
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        return api;
    }

    private const string About = "chatId is a WhatsApp jid or a phone number of the number `sessionId` (default: the first ready number). Answers the conversation as it is afterwards; a change that changes nothing is answered the same, without an event. ";

    /// <summary>A field left out keeps its value; status cannot be cleared, <c>tags: null</c> removes every tag.</summary>
    internal sealed record UpdateChatRequest
    {
        [Choices(typeof(Chat), nameof(Chat.Statuses))]
        public Optional<string> Status { get; init; }
        public Optional<string?[]> Tags { get; init; }
    }

    /// <summary><see cref="AgentId"/>: an agent id, or <c>me</c> for the key's agent.</summary>
    internal sealed record AssignRequest(string? AgentId);

    /// <summary>When the reminder is due (required) and what it is about.</summary>
    internal sealed record FollowUpRequest(DateTimeOffset? At, string? Note = null);

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
        return Answer.Data(ConversationView.Of(chat));
    }
}
