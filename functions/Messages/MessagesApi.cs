using System.Text.Json;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Messages;

/// <summary>
/// Sending (<c>POST /messages</c>, scope <c>messages:write</c>) and delivery status
/// (<c>GET /messages/{id}</c>, scope <c>chats:read</c>: it reads what the chats show, and a key that
/// only sends should not read conversations).
/// </summary>
internal static class MessagesApi
{
    public const int MaxTextLength = 4096;
    public const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder api)
    {
        api.MapPost("/messages", SendAsync).WithName("SendMessage")
            .WithSummary("Send a WhatsApp message")
            .WithDescription("Sends a text message from a connected, ready number (the first ready one when `from` is left out). Answers 202 once the message is handed to the WhatsApp engine; its delivery status follows in GET /messages/{id} and the message events. " +
                "With an `Idempotency-Key` header a retried request answers what the first one did and sends nothing twice. Counts against the number's daily cap, shared with its broadcasts.")
            .Produces<SentMessageView>(StatusCodes.Status202Accepted)
            .Fails(409, "no_ready_session", "No connected WhatsApp number is ready (or the given one is not).")
            .Fails(409, "request_in_progress", "A request with this Idempotency-Key is still being handled; retry shortly.")
            .Fails(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request body.")
            .Fails(429, "daily_cap_reached", "The number has sent its daily cap; sending resumes the next day in its pacing time zone.")
            .RequireScope(Scopes.MessagesWrite);
        api.MapGet("/messages/{id}", GetAsync).WithName("GetMessage")
            .WithSummary("Get a message and its delivery status")
            .WithDescription("One message by id: queued, sent, delivered, read or failed (with the reason) for a message you sent.")
            .Returns<MessageDetailView>()
            .RequireScope(Scopes.ChatsRead);
        return api;
    }

    /// <summary>To and text are required; without <see cref="From"/> the first ready number sends.</summary>
    internal sealed record SendMessageRequest(string? To, string? Text, string? From = null);

    /// <summary>
    /// Sessions: one point read (<c>from</c>) or one bounded query; the daily cap (pacing point read, counter read,
    /// reservation transaction — see <see cref="MessageStore.CountSendAsync"/>); one insert (message, status queued);
    /// one queue send. At the number's daily cap (shared with its broadcasts): 429 <c>daily_cap_reached</c>, nothing sent. With an <c>Idempotency-Key</c>: plus one insert (claim) and one merge (answer), or
    /// one insert and one read for a repeat.
    /// </summary>
    internal static async Task<IResult> SendAsync(SendMessageRequest body,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key"), System.ComponentModel.Description("Any unique string up to 255 characters; a retry with the same key and body answers what the first request did and sends nothing twice.")]
        string? idempotencyKey,
        HttpContext context, SessionStore sessions, MessageStore messages,
        IdempotencyStore idempotency, EngineCommands engine, TimeProvider clock, CancellationToken ct)
    {
        var to = Jid.Normalize(body.To ?? throw new InvalidInputException("Field 'to' is required."))
            ?? throw new InvalidInputException("Field 'to' must be a phone number with country code (8 to 15 digits) or a WhatsApp jid (…@s.whatsapp.net, …@g.us, …@lid).");
        if (string.IsNullOrWhiteSpace(body.Text)) throw new InvalidInputException("Field 'text' is required.");
        if (body.Text.Length > MaxTextLength) throw new InvalidInputException($"Field 'text' is longer than {MaxTextLength} characters.");
        var from = body.From?.Trim();
        if (from is { Length: 0 or > 64 }) throw new InvalidInputException("Field 'from' must be a session id.");

        IdempotencyClaim.Owner? owner = null;
        if (idempotencyKey is { Length: > 0 } key)
        {
            if (key.Length > MaxIdempotencyKeyLength) throw new InvalidInputException($"Header 'Idempotency-Key' is longer than {MaxIdempotencyKeyLength} characters.");
            var apiKey = context.Features.Get<CurrentKey>()!.Key;
            switch (await idempotency.ClaimAsync(IdempotencyStore.PartitionFor(apiKey.Hash, key), IdempotencyStore.RequestHash(to, body.Text, from), ct))
            {
                case IdempotencyClaim.Replay replay: return Results.Text(replay.Body, "application/json", statusCode: replay.Status);
                case IdempotencyClaim.InProgress: return ApiError.Conflict("request_in_progress", "A request with this Idempotency-Key is still being handled; retry shortly.");
                case IdempotencyClaim.Mismatch: return ApiError.Result(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request body.");
                case IdempotencyClaim.Owner o: owner = o; break;
            }
        }

        var session = from is null ? await sessions.FirstReadyAsync(ct) : (await sessions.GetAsync(from, ct))?.Session;
        if (session is not { IsReady: true })
        {
            if (owner is not null) await idempotency.ReleaseAsync(owner, ct);
            return ApiError.Conflict("no_ready_session", from is null
                ? "No connected WhatsApp number is ready."
                : $"The number '{from}' is not connected and ready.");
        }

        var clientMessageId = owner?.ClientMessageId ?? Guid.NewGuid().ToString("N");
        var id = MessageRecord.OutboundId(session.Id, clientMessageId);
        var now = clock.GetUtcNow();
        var slot = await messages.CountSendAsync(session, clientMessageId, now, ct);
        if (!slot.Granted)
        {
            if (owner is not null) await idempotency.ReleaseAsync(owner, ct);
            return ApiError.Result(429, "daily_cap_reached",
                $"The number '{session.Id}' has sent its daily cap of {slot.Cap} messages for {slot.Day} (its pacing time zone); sending resumes the next day.");
        }
        await messages.AddOrGetAsync(new MessageRecord(id, session.Id, to, FromMe: true, "chat", body.Text, Jid.WithoutDevice(session.Jid),
            HasMedia: false, now.ToUnixTimeSeconds(), DeliveryStatus.Queued, 0, null, null, clientMessageId, null, false), ct);
        await engine.SendTextAsync(session.Id, clientMessageId, to, body.Text, ct);

        var answer = new SentMessageView("sent", to, session.Id, id);
        if (owner is not null) await idempotency.CompleteAsync(owner, 202, JsonSerializer.Serialize(answer, JsonSerializerOptions.Web), ct);
        return TypedResults.Json(answer, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>One bounded query on the message id.</summary>
    internal static async Task<IResult> GetAsync(string id, MessageStore messages, CancellationToken ct) =>
        await messages.FindAsync(id, ct) is { } m ? Answer.Data(m.View()) : ApiError.NotFound($"No message '{id}'.");
}
