using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Dev;

/// <summary>
/// Drives the simulator engine through the real <c>engine-commands</c> queue (admin scope <c>*</c>).
/// Every endpoint is 404 <c>not_found</c> unless <c>WA_ENGINE=simulator</c>, so production never exposes
/// them. Each: one point read (the session must exist) and one queue send; answers 202 <c>{ data: { queued: type } }</c>.
/// </summary>
internal static class DevApi
{
    public static IEndpointRouteBuilder MapDev(this IEndpointRouteBuilder api)
    {
        Describe(api.MapPost("/dev/sessions/{id}/scan", ScanAsync).WithName("DevScan"), "Simulate scanning the QR code",
            "Links the simulated number as if its QR code had been scanned, optionally as the given phone and name.");
        Describe(api.MapPost("/dev/sessions/{id}/inbound", InboundAsync).WithName("DevInbound"), "Simulate an inbound message",
            "The simulated number receives a message from `from`, as if WhatsApp had delivered it.");
        Describe(api.MapPost("/dev/sessions/{id}/status", StatusAsync).WithName("DevStatus"), "Simulate a receipt",
            "A sent message is reported delivered, read or played.");
        Describe(api.MapPost("/dev/sessions/{id}/disconnect", DisconnectAsync).WithName("DevDisconnect"), "Simulate a dropped connection",
            "The simulated connection closes with the given WhatsApp disconnect code (default 428).");
        Describe(api.MapPost("/dev/sessions/{id}/timelock", TimelockAsync).WithName("DevTimelock"), "Simulate a reach-out timelock",
            "WhatsApp restricts the number from messaging new contacts for the given seconds (0 lifts it).");
        return api;
    }

    private static void Describe(RouteHandlerBuilder endpoint, string summary, string description) => endpoint
        .WithSummary(summary)
        .WithDescription(description + " Only with WA_ENGINE=simulator (otherwise 404); answers 202 once the command is queued to the engine.")
        .Returns<DevCommandView>(StatusCodes.Status202Accepted)
        .RequireScope(Scopes.All);

    internal sealed record ScanRequest(string? Phone = null, string? Name = null);
    internal sealed record InboundRequest(string? From, string? Text = null, string? Name = null,
        [property: Choices(typeof(DevApi), nameof(InboundKinds))] string? Kind = null, string? Author = null, string? QuotedId = null);
    internal sealed record StatusRequest(string? MessageId, string? Status);
    internal sealed record DisconnectRequest(int? Code = null);
    internal sealed record TimelockRequest(int? Seconds);

    /// <summary>What a dev endpoint answers: the simulator command it queued.</summary>
    internal sealed record DevCommandView(string Queued);

    private static readonly string[] InboundKinds = ["text", "image", "video", "audio", "document", "sticker", "location", "contact"];

    internal static Task<IResult> ScanAsync(string id, ScanRequest? body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct) =>
        SendAsync(id, "sim.scan", new { phone = body?.Phone, name = body?.Name }, engine, sessions, commands, ct);

    internal static Task<IResult> InboundAsync(string id, InboundRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.From)) throw new InvalidInputException("Field 'from' is required.");
        if (body.Kind is not null && !InboundKinds.Contains(body.Kind)) throw new InvalidInputException($"Field 'kind' must be one of: {string.Join(", ", InboundKinds)}.");
        if (body.Text is { Length: > 4096 }) throw new InvalidInputException("Field 'text' is longer than 4096 characters.");
        return SendAsync(id, "sim.inbound", new { from = body.From, text = body.Text, name = body.Name, kind = body.Kind, author = body.Author, quotedId = body.QuotedId },
            engine, sessions, commands, ct);
    }

    internal static Task<IResult> StatusAsync(string id, StatusRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.MessageId)) throw new InvalidInputException("Field 'messageId' is required.");
        if (body.Status is not ("delivered" or "read" or "played")) throw new InvalidInputException("Field 'status' must be one of: delivered, read, played.");
        return SendAsync(id, "sim.status", new { messageId = body.MessageId, status = body.Status }, engine, sessions, commands, ct);
    }

    internal static Task<IResult> DisconnectAsync(string id, DisconnectRequest? body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (body?.Code is < 100 or > 999) throw new InvalidInputException("Field 'code' must be a disconnect code such as 428, 401 or 515.");
        return SendAsync(id, "sim.disconnect", new { code = body?.Code ?? 428 }, engine, sessions, commands, ct);
    }

    internal static Task<IResult> TimelockAsync(string id, TimelockRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (body.Seconds is not (>= 0 and <= 86_400)) throw new InvalidInputException("Field 'seconds' is required: 0 (lift) to 86400.");
        return SendAsync(id, "sim.timelock", new { seconds = body.Seconds }, engine, sessions, commands, ct);
    }

    private static async Task<IResult> SendAsync(string id, string type, object data, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (!engine.IsSimulator) return ApiError.NotFound("No such endpoint.");
        if (await sessions.GetAsync(id, ct) is null) return ApiError.NotFound($"No session '{id}'.");
        await commands.SendAsync(type, id, data, ct);
        return Answer.Data(new DevCommandView(type), StatusCodes.Status202Accepted);
    }
}
