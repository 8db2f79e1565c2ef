using System.Text.Json;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Media;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Messages;

/// <summary>
/// Sending (<c>POST /messages</c>, scope <c>messages:write</c>), a message with its delivery status and content
/// (<c>GET /messages/{id}</c>, scope <c>chats:read</c>: it reads what the chats show, and a key that only sends should
/// not read conversations) and its file (<c>GET /messages/{id}/media</c>, <see cref="MessageMediaApi"/>).
/// </summary>
internal static class MessagesApi
{
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxTextLength = ContentRules.MaxTextLength;

    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder api)
    {
        api.MapPost("/messages", SendAsync).WithName("SendMessage")
            .WithSummary("Send a WhatsApp message")
            .WithDescription("Seed 000's { to, text, from? }, or one other content field in place of text: image, video, audio, document, sticker " +
                "({ url | mediaId | data, caption?, ptt?, fileName?, mimetype? }), location, contact, poll or reaction. Options: replyTo (a stored " +
                "message id of this chat), mentions, viewOnce (image, video, audio). A media url is fetched by the API through the same SSRF guard as " +
                "webhooks. Sent from a connected, ready number (the first ready one when `from` is left out). Answers 202 once the message is handed " +
                "to the WhatsApp engine; its delivery status follows in GET /messages/{id} and the message events. With an `Idempotency-Key` header " +
                "a retried request answers what the first one did and sends nothing twice. Counts against the number's daily cap, shared with its " +
                "broadcasts, except a reply to a chat that wrote within 24 hours.")
            .Produces<SentMessageView>(StatusCodes.Status202Accepted)
            .Fails(409, "no_ready_session", "No connected WhatsApp number is ready (or the given one is not).")
            .Fails(409, "request_in_progress", "A request with this Idempotency-Key is still being handled; retry shortly.")
            .Fails(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request body.")
            .Fails(429, "daily_cap_reached", "The number has sent its daily cap; sending resumes the next day in its pacing time zone.")
            .RequireScope(Scopes.MessagesWrite);
        api.MapGet("/messages/{id}", GetAsync).WithName("GetMessage")
            .WithSummary("Get a message: delivery status, kind, content, reactions, poll votes")
            .WithDescription("One message by id: queued, sent, delivered, read or failed (with the reason) for a message you sent; its kind and content " +
                "(media, location, contact, poll with its votes), the reply it quotes, mentions, reactions, edits and deletion. Give sessionId (the number) " +
                "when the same id could exist on two numbers.")
            .Returns<MessageDetailView>()
            .WithQuery(SessionId)
            .RequireScope(Scopes.ChatsRead);
        api.MapMessageMedia();
        return api;
    }

    internal static readonly TextQuery SessionId = new("sessionId", 64, "The number (session id) the message belongs to; without it the message is looked up by id alone.");

    /// <summary>
    /// Sessions: one point read (<c>from</c>) or one bounded query. A reply or reaction: one point read of the target.
    /// Media: one HEAD (mediaId) or the fetch/decode and its upload. The daily cap: one point read of the chat's reply
    /// window, and unless it is open the cap's reservation (see <see cref="MessageStore.CountSendAsync"/>). One insert
    /// (message, status queued); one queue send. At the number's daily cap (shared with its broadcasts): 429
    /// <c>daily_cap_reached</c>, nothing sent. With an <c>Idempotency-Key</c>: plus one insert (claim) and one merge
    /// (answer), or one insert and one read for a repeat.
    /// </summary>
    internal static async Task<IResult> SendAsync(SendMessageRequest body,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key"), System.ComponentModel.Description("Any unique string up to 255 characters; a retry with the same key and body answers what the first request did and sends nothing twice.")]
        string? idempotencyKey,
        HttpContext context, SessionStore sessions, MessageStore messages,
        IdempotencyStore idempotency, EngineCommands engine, MediaResolver media, ReplyWindowStore replyWindows, TimeProvider clock, CancellationToken ct)
    {
        var to = Jid.Normalize(body.To ?? throw new InvalidInputException("Field 'to' is required."))
            ?? throw new InvalidInputException("Field 'to' must be a phone number with country code (8 to 15 digits) or a WhatsApp jid (…@s.whatsapp.net, …@g.us, …@lid).");
        var content = ContentRules.Parse(body);
        var from = body.From?.Trim();
        if (from is { Length: 0 or > 64 }) throw new InvalidInputException("Field 'from' must be a session id.");

        IdempotencyClaim.Owner? owner = null;
        if (idempotencyKey is { Length: > 0 } key)
        {
            if (key.Length > MaxIdempotencyKeyLength) throw new InvalidInputException($"Header 'Idempotency-Key' is longer than {MaxIdempotencyKeyLength} characters.");
            var apiKey = context.Features.Get<CurrentKey>()!.Key;
            var hash = IdempotencyStore.RequestHash(to, from, JsonSerializer.Serialize(body with { To = null, From = null }, JsonSerializerOptions.Web));
            switch (await idempotency.ClaimAsync(IdempotencyStore.PartitionFor(apiKey.Hash, key), hash, ct))
            {
                case IdempotencyClaim.Replay replay: return Results.Text(replay.Body, "application/json", statusCode: replay.Status);
                case IdempotencyClaim.InProgress: return ApiError.Conflict("request_in_progress", "A request with this Idempotency-Key is still being handled; retry shortly.");
                case IdempotencyClaim.Mismatch: return ApiError.Result(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request body.");
                case IdempotencyClaim.Owner o: owner = o; break;
            }
        }
        try
        {
            var answer = await SendClaimedAsync(to, content, from, owner, sessions, messages, engine, media, replyWindows, clock, ct);
            if (owner is not null && answer is TextAnswer { Status: 202 } done) await idempotency.CompleteAsync(owner, done.Status, done.Body, ct);
            else if (owner is not null) await idempotency.ReleaseAsync(owner, ct);
            return answer.Result;
        }
        catch (Exception e) when (owner is not null && e is InvalidInputException)
        {
            await idempotency.ReleaseAsync(owner, ct); // nothing was sent: a corrected retry may use the key
            throw;
        }
    }

    private sealed record TextAnswer(int Status, string Body, IResult Result);

    private static async Task<TextAnswer> SendClaimedAsync(string to, ParsedContent content, string? from, IdempotencyClaim.Owner? owner,
        SessionStore sessions, MessageStore messages, EngineCommands engine, MediaResolver media, ReplyWindowStore replyWindows, TimeProvider clock, CancellationToken ct)
    {
        var session = from is null ? await sessions.FirstReadyAsync(ct) : (await sessions.GetAsync(from, ct))?.Session;
        if (session is not { IsReady: true })
            return Refused(ApiError.Conflict("no_ready_session", from is null ? "No connected WhatsApp number is ready." : $"The number '{from}' is not connected and ready."));

        var reply = content.ReplyTo is { } replyId ? await ReplyTargetAsync(messages, session.Id, to, replyId, ct) : null;
        var reaction = content.Reaction is { } r ? await ReactionTargetAsync(messages, session.Id, to, r.MessageId, ct) : null;
        var clientMessageId = owner?.ClientMessageId ?? Guid.NewGuid().ToString("N");
        var file = content.Media is { } input ? await media.ResolveAsync(content.Kind, input, $"out/{session.Id}/{clientMessageId}", ct) : null;

        var id = MessageRecord.OutboundId(session.Id, clientMessageId);
        var now = clock.GetUtcNow();
        if (!await replyWindows.IsOpenAsync(session.Id, to, now, ct) && await messages.CountSendAsync(session, clientMessageId, now, ct) is { Granted: false } slot)
            return Refused(ApiError.Result(429, "daily_cap_reached",
                $"The number '{session.Id}' has sent its daily cap of {slot.Cap} messages for {slot.Day} (its pacing time zone); sending resumes the next day. Replies to chats that wrote within 24 hours are not capped."));

        var details = OutboundMessage.Details(content, file, reply);
        var type = MessageRecord.TypeFromEngine(content.Kind, content.Media?.Ptt == true);
        await messages.AddOrGetAsync(MessageRecord.Outbound(id, session.Id, to, type, content.Body, Jid.WithoutDevice(session.Jid), now.ToUnixTimeSeconds(),
            clientMessageId, details), ct);
        await engine.SendMessageAsync(session.Id, clientMessageId, to, OutboundMessage.Content(content, file, reaction), OutboundMessage.Options(content, reply), ct);

        var answer = new SentMessageView("sent", to, session.Id, id);
        return new TextAnswer(202, JsonSerializer.Serialize(answer, JsonSerializerOptions.Web), TypedResults.Json(answer, statusCode: StatusCodes.Status202Accepted));
    }

    private static TextAnswer Refused(IResult result) => new(0, "", result);

    /// <summary>The quoted message must be stored and of this chat. One point read.</summary>
    private static async Task<ReplyTarget> ReplyTargetAsync(MessageStore messages, string sessionId, string chatId, string id, CancellationToken ct)
    {
        var (m, _) = await messages.GetAsync(id, sessionId, ct) is { } found && found.Message.ChatId == chatId ? found
            : throw new InvalidInputException($"Field 'replyTo': there is no message '{id}' in this chat on number '{sessionId}'.");
        return new ReplyTarget(m.MessageId, m.FromMe, Jid.IsGroup(chatId) && !m.FromMe ? m.Author : null, m.Body);
    }

    /// <summary>The message reacted to must be stored and of this chat. One point read.</summary>
    private static async Task<ReactionTarget> ReactionTargetAsync(MessageStore messages, string sessionId, string chatId, string id, CancellationToken ct)
    {
        var (m, _) = await messages.GetAsync(id, sessionId, ct) is { } found && found.Message.ChatId == chatId ? found
            : throw new InvalidInputException($"Field 'reaction.messageId': there is no message '{id}' in this chat on number '{sessionId}'.");
        return new ReactionTarget(m.MessageId, m.FromMe, Jid.IsGroup(chatId) && !m.FromMe ? m.Author : null);
    }

    /// <summary>One bounded query on the message id (a point read with <c>sessionId</c>), and one range query of its reactions and votes.</summary>
    internal static async Task<IResult> GetAsync(string id, HttpRequest request, MessageStore messages, MessageResponsesStore responses, CancellationToken ct)
    {
        if (await FindAsync(id, request, messages, ct) is not { } m) return ApiError.NotFound($"No message '{id}'.");
        return Answer.Data(MessageDetailView.Of(m, await responses.GetAsync(m.SessionId, m.MessageId, ct)));
    }

    internal static async Task<MessageRecord?> FindAsync(string id, HttpRequest request, MessageStore messages, CancellationToken ct) =>
        SessionId.Read(request) is { } sessionId
            ? id.Length is > 0 and <= 128 && await messages.GetAsync(id, sessionId, ct) is { } found ? found.Message : null
            : await messages.FindAsync(id, ct);
}
