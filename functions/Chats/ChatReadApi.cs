using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.OpenApi;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.Sessions;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>What <c>POST /chats/{chatId}/read</c> did: blue ticks sent for <see cref="Read"/> messages, the unread count now.</summary>
public sealed record ChatReadView(string SessionId, string ChatId, int Read, int UnreadCount);

/// <summary>
/// <c>POST /chats/{chatId}/read</c> (scope <c>chats:write</c>, the messaging slice's; the chat list's own endpoints are
/// in <see cref="ChatsApi"/>): sends read receipts for the chat's unread inbound messages (engine <c>chat.read</c>, with
/// each message's author in a group) and lowers the chat's unread count by as many (<see cref="ChatStoreExtensions.MarkReadAsync"/>),
/// so a message that arrives meanwhile stays unread. Optional query <c>sessionId</c>; the number must be ready, as the
/// receipts go through it. Storage: session (point read or bounded query), chat (point read), the newest history rows
/// (one range scan of at most the unread count, capped at 1000), one queue send, one transaction.
/// </summary>
internal static class ChatReadApi
{
    public const int MaxMessages = 1000;

    public static IEndpointRouteBuilder MapChatRead(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{chatId}/read", ReadAsync).WithName("MarkChatRead")
            .WithSummary("Mark a chat read")
            .WithDescription("Sends read receipts (blue ticks) for the chat's unread messages through the number and lowers its unreadCount by as many " +
                "(a message that arrives meanwhile stays unread). chatId is a WhatsApp jid or a phone number; sessionId defaults to the first ready number.")
            .Returns<ChatReadView>()
            .WithQuery(ReadySession.SessionId)
            .Fails(404, "not_found", "No such chat on the number, or no number with the given sessionId.")
            .Fails(409, "no_ready_session", "No connected WhatsApp number is ready (or the given one is not).")
            .RequireScope(Scopes.ChatsWrite);
        return api;
    }

    internal static async Task<IResult> ReadAsync(string chatId, HttpRequest request, SessionStore sessions, ChatStore chats, MessageStore messages,
        EngineCommands engine, CancellationToken ct)
    {
        var jid = Jid.Normalize(chatId) ?? throw new InvalidInputException("Path parameter 'chatId' must be a WhatsApp jid (e.g. 919812345678@s.whatsapp.net) or a phone number.");
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return error;
        if (await chats.GetAsync(session!.Id, jid, ct) is not var (chat, _)) return ApiError.NotFound($"No chat '{jid}' on number '{session.Id}'.");
        if (chat.UnreadCount == 0) return Answer.Data(new ChatReadView(session.Id, jid, 0, 0));

        var unread = Math.Min(chat.UnreadCount, MaxMessages);
        var (rows, _) = await KeyRangeScan.PageAsync(messages.History, MessageStore.HistoryPartition(session.Id, jid), "0", ":", null, unread,
            r => r.GetBoolean("FromMe") != true, ct);
        var group = Jid.IsGroup(jid);
        var receipts = rows.Where(r => !group || r.GetString("Author") is not null)
            .Select(r => (Id: r.GetString("MessageId")!, Participant: group ? r.GetString("Author") : null)).ToList();
        if (receipts.Count > 0) await engine.ReadChatAsync(session.Id, jid, receipts, ct);
        var after = await chats.MarkReadAsync(session.Id, jid, chat.UnreadCount, ct);
        return Answer.Data(new ChatReadView(session.Id, jid, receipts.Count, after?.UnreadCount ?? 0));
    }
}
