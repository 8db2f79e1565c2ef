using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Errors;
using WaFunctions.Messages;

namespace WaFunctions.Sessions;

/// <summary>
/// Connected numbers (scopes <c>sessions:read</c> / <c>sessions:write</c>). Commands go to the engine-host
/// over <c>engine-commands</c>; the status it reports comes back through the engine-events handler, so
/// connect/disconnect/logout answer 202 with the session as stored now.
/// </summary>
internal static class SessionsApi
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sessions", CreateAsync).WithName("CreateSession").RequireScope(Scopes.SessionsWrite);
        api.MapGet("/sessions", ListAsync).WithName("ListSessions").RequireScope(Scopes.SessionsRead);
        api.MapGet("/sessions/{id}", GetAsync).WithName("GetSession").RequireScope(Scopes.SessionsRead);
        api.MapGet("/sessions/{id}/qr", QrAsync).WithName("GetSessionQr").RequireScope(Scopes.SessionsRead);
        api.MapPost("/sessions/{id}/connect", ConnectAsync).WithName("ConnectSession").RequireScope(Scopes.SessionsWrite);
        api.MapPost("/sessions/{id}/disconnect", DisconnectAsync).WithName("DisconnectSession").RequireScope(Scopes.SessionsWrite);
        api.MapPost("/sessions/{id}/logout", LogoutAsync).WithName("LogoutSession").RequireScope(Scopes.SessionsWrite);
        api.MapDelete("/sessions/{id}", DeleteAsync).WithName("DeleteSession").RequireScope(Scopes.SessionsWrite);
        return api;
    }

    internal sealed record CreateSessionRequest(string? Name);
    internal sealed record ConnectRequest(string? PairingPhone);

    private static IResult NoSession(string id) => ApiError.NotFound($"No session '{id}'.");

    /// <summary>One insert.</summary>
    internal static async Task<IResult> CreateAsync(CreateSessionRequest? body, SessionStore sessions, TimeProvider clock, CancellationToken ct)
    {
        var name = body?.Name?.Trim();
        if (name is { Length: > MaxNameLength }) throw new InvalidInputException($"Field 'name' is longer than {MaxNameLength} characters.");
        var session = await sessions.CreateAsync(string.IsNullOrEmpty(name) ? null : name, ct);
        return Results.Json(new { data = SessionView.Of(session, clock.GetUtcNow()) }, statusCode: 201);
    }

    /// <summary>One bounded query (all sessions; a business has a handful).</summary>
    internal static async Task<IResult> ListAsync(SessionStore sessions, TimeProvider clock, CancellationToken ct) =>
        Results.Json(new { data = (await sessions.ListAsync(ct)).Select(s => SessionView.Of(s, clock.GetUtcNow())) });

    /// <summary>
    /// Three point reads: the session, its pacing and today's send counter, so a new number's warm-up cap is visible
    /// (<c>sendCap</c>: today's cap in the pacing time zone, what was sent, what is left) before it surprises anyone.
    /// </summary>
    internal static async Task<IResult> GetAsync(string id, SessionStore sessions, PacingStore pacingStore, SendCapStore caps, TimeProvider clock,
        CancellationToken ct)
    {
        if (await sessions.GetAsync(id, ct) is not var (s, _)) return NoSession(id);
        var now = clock.GetUtcNow();
        var pacing = await pacingStore.GetAsync(id, ct);
        var (day, cap) = PacingMath.CapOn(pacing, s.CreatedAt, now);
        var sent = await caps.CountAsync(id, day, ct);
        return Results.Json(new { data = SessionView.Of(s, now) with { SendCap = new SendCapToday(day, pacing.TimeZone, cap, sent, Math.Max(0, cap - sent)) } });
    }


    /// <summary>
    /// One point read. JSON <c>{ data: { qr, expiresAt } }</c>, or <c>?format=png</c> for an image to scan.
    /// 409 <c>session_ready</c> when already linked; 404 <c>qr_not_available</c> when no unexpired QR is pending.
    /// </summary>
    internal static async Task<IResult> QrAsync(string id, HttpRequest request, SessionStore sessions, TimeProvider clock, CancellationToken ct)
    {
        var format = Query.OneOf(request, "format", ["json", "png"]) ?? "json";
        if (await sessions.GetAsync(id, ct) is not var (s, _)) return NoSession(id);
        if (s.IsReady) return ApiError.Conflict("session_ready", "The session is already linked; no QR is needed.");
        if (s.Qr is null || s.QrExpiresAt <= clock.GetUtcNow().ToUnixTimeSeconds())
            return ApiError.Result(404, "qr_not_available", "No QR code is pending for this session; connect it first and retry in a moment.");
        return format == "png"
            ? Results.File(SessionQr.Png(s.Qr), "image/png")
            : Results.Json(new { data = new { qr = s.Qr, expiresAt = s.QrExpiresAt } });
    }

    /// <summary>Point read + conditional write + one queue send (<c>session.start</c>).</summary>
    internal static async Task<IResult> ConnectAsync(string id, ConnectRequest? body, SessionStore sessions, EngineCommands engine, TimeProvider clock, CancellationToken ct)
    {
        string? pairingPhone = null;
        if (body?.PairingPhone is { } phone)
        {
            pairingPhone = new string(phone.Where(char.IsAsciiDigit).ToArray());
            if (pairingPhone.Length is < 8 or > 15 || phone.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '-' or '(' or ')')))
                throw new InvalidInputException("Field 'pairingPhone' must be a phone number with country code (8 to 15 digits).");
        }
        var session = await sessions.UpdateAsync(id, s => s.IsReady ? s : s with { Status = "starting", Reason = null, Code = null }, ct);
        if (session is null) return NoSession(id);
        await engine.StartSessionAsync(id, pairingPhone, ct);
        return Results.Json(new { data = SessionView.Of(session, clock.GetUtcNow()) }, statusCode: 202);
    }

    /// <summary>Point read + one queue send (<c>session.stop</c>: credentials are kept).</summary>
    internal static Task<IResult> DisconnectAsync(string id, SessionStore sessions, EngineCommands engine, TimeProvider clock, CancellationToken ct) =>
        CommandAsync(id, sessions, clock, ct, () => engine.StopSessionAsync(id, ct));

    /// <summary>Point read + one queue send (<c>session.logout</c>: unlinks the device, deletes credentials).</summary>
    internal static Task<IResult> LogoutAsync(string id, SessionStore sessions, EngineCommands engine, TimeProvider clock, CancellationToken ct) =>
        CommandAsync(id, sessions, clock, ct, () => engine.LogoutSessionAsync(id, ct));

    /// <summary>Point read, one queue send (<c>session.logout</c> first), one delete. Chats and messages are kept.</summary>
    internal static async Task<IResult> DeleteAsync(string id, SessionStore sessions, EngineCommands engine, CancellationToken ct)
    {
        if (await sessions.GetAsync(id, ct) is null) return NoSession(id);
        await engine.LogoutSessionAsync(id, ct);
        await sessions.DeleteAsync(id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> CommandAsync(string id, SessionStore sessions, TimeProvider clock, CancellationToken ct, Func<Task> send)
    {
        if (await sessions.GetAsync(id, ct) is not var (s, _)) return NoSession(id);
        await send();
        return Results.Json(new { data = SessionView.Of(s, clock.GetUtcNow()) }, statusCode: 202);
    }
}
