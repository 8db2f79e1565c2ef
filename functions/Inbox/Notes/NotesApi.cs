using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Chats;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Inbox.Notes;

/// <summary>
/// Internal notes on a conversation (scopes <c>chats:read</c> / <c>chats:write</c>); they never reach WhatsApp. Round
/// trips: the session as for chats, the chat (one point read), then one range scan (list) or one insert (create).
/// </summary>
internal static class NotesApi
{
    public const int MaxText = 4000;

    public static IEndpointRouteBuilder MapNotes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats/{chatId}/notes", ListAsync).WithName("ListChatNotes")
            .WithSummary("List a conversation's internal notes")
            .WithDescription("Newest first. chatId is a WhatsApp jid or a phone number of the number `sessionId` (default: the first ready number).")
            .ReturnsPage<NoteView>()
            .WithQuery(ChatsApi.SessionId, Limit, Paging.Cursor)
            .RequireScope(Scopes.ChatsRead);
        api.MapPost("/chats/{chatId}/notes", CreateAsync).WithName("CreateChatNote")
            .WithSummary("Add an internal note")
            .WithDescription($"`text` (up to {MaxText} characters, line breaks kept). Seen by the team only; never sent to WhatsApp. The note names the key and its agent.")
            .Returns<NoteView>(StatusCodes.Status201Created)
            .WithQuery(ChatsApi.SessionId)
            .RequireScope(Scopes.ChatsWrite);
        return api;
    }

    private static readonly NumberQuery Limit = Paging.Limit(50, 500);

    internal static async Task<IResult> ListAsync(string chatId, HttpRequest request, SessionStore sessions, ChatStore chats, NoteStore notes, CancellationToken ct)
    {
        var limit = Limit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        var (sessionId, jid, error) = await FindChatAsync(chatId, request, sessions, chats, ct);
        if (error is not null) return error;
        var (page, next) = await notes.ListAsync(sessionId!, jid, limit, cursor, ct);
        return Answer.Page(page.Select(NoteView.Of), next);
    }

    internal static async Task<IResult> CreateAsync(string chatId, CreateNoteRequest body, HttpRequest request, CurrentKey caller, SessionStore sessions,
        ChatStore chats, NoteStore notes, TimeProvider clock, CancellationToken ct)
    {
        var text = Fields.Text(body.Text, "text", MaxText, required: true, multiline: true)!;
        var (sessionId, jid, error) = await FindChatAsync(chatId, request, sessions, chats, ct);
        if (error is not null) return error;
        var now = clock.GetUtcNow();
        var note = new Note(NoteStore.NewId(now), sessionId!, jid, text, caller.Key.AgentId, caller.Key.Id, now);
        await notes.AddAsync(note, ct);
        return Answer.Data(NoteView.Of(note), StatusCodes.Status201Created);
    }

    private static async Task<(string? SessionId, string ChatId, IResult? Error)> FindChatAsync(string chatId, HttpRequest request, SessionStore sessions,
        ChatStore chats, CancellationToken ct)
    {
        var jid = ChatsApi.ChatIdOf(chatId);
        var (sessionId, error) = await ChatsApi.ResolveSessionAsync(request, sessions, ct);
        if (error is not null) return (null, jid, error);
        return sessionId is not null && await chats.GetAsync(sessionId, jid, ct) is not null
            ? (sessionId, jid, null)
            : (null, jid, ApiError.NotFound($"No chat '{jid}' on this number."));
    }
}
