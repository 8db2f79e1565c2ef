using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.OpenApi;
using WaFunctions.Storage;

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
        api.MapPost("/sessions", CreateAsync).WithName("CreateSession")
            .WithSummary("Add a number")
            .WithDescription("Creates a session for a WhatsApp number to link; connect it next to get a QR code or pairing code.")
            .Returns<SessionView>(StatusCodes.Status201Created)
            .RequireScope(Scopes.SessionsWrite);
        api.MapGet("/sessions", ListAsync).WithName("ListSessions")
            .WithSummary("List numbers")
            .WithDescription("Every session (linked number) with its status as the engine last reported it.")
            .Returns<IReadOnlyList<SessionView>>()
            .RequireScope(Scopes.SessionsRead);
        api.MapGet("/sessions/{id}", GetAsync).WithName("GetSession")
            .WithSummary("Get a number")
            .WithDescription("One session with its status, any warning, today's send cap (warm-up included) with what is left of it, and the engine-host replica that runs it.")
            .Returns<SessionView>()
            .RequireScope(Scopes.SessionsRead);
        api.MapGet("/sessions/{id}/qr", QrAsync).WithName("GetSessionQr")
            .WithSummary("Get the QR code to link a number")
            .WithDescription("The pending QR code as text with its expiry, or `?format=png` for an image to scan with WhatsApp → Linked devices.")
            .WithQuery(QrFormat)
            .Returns<SessionQrView>()
            .ReturnsFile("image/png")
            .Fails(404, "qr_not_available", "No unexpired QR code is pending; connect the session first and retry in a moment.")
            .Fails(409, "session_ready", "The number is already linked; no QR code is needed.")
            .RequireScope(Scopes.SessionsRead);
        api.MapPost("/sessions/{id}/connect", ConnectAsync).WithName("ConnectSession")
            .WithSummary("Connect a number")
            .WithDescription("Asks the engine to start the session: a new number gets a QR code (or, with pairingPhone, a pairing code), a linked one reconnects. Answers 202 with the session as stored now; its status follows.")
            .Returns<SessionView>(StatusCodes.Status202Accepted)
            .RequireScope(Scopes.SessionsWrite);
        api.MapPost("/sessions/{id}/disconnect", DisconnectAsync).WithName("DisconnectSession")
            .WithSummary("Disconnect a number")
            .WithDescription("Closes the connection but keeps the link: connect again without a new QR code. Answers 202.")
            .Returns<SessionView>(StatusCodes.Status202Accepted)
            .RequireScope(Scopes.SessionsWrite);
        api.MapPost("/sessions/{id}/logout", LogoutAsync).WithName("LogoutSession")
            .WithSummary("Log a number out")
            .WithDescription("Unlinks the device and deletes its credentials; linking again needs a new QR code. Answers 202.")
            .Returns<SessionView>(StatusCodes.Status202Accepted)
            .RequireScope(Scopes.SessionsWrite);
        api.MapDelete("/sessions/{id}", DeleteAsync).WithName("DeleteSession")
            .WithSummary("Delete a number")
            .WithDescription("Logs the number out and deletes the session; its chats and messages are kept.")
            .ReturnsNothing()
            .RequireScope(Scopes.SessionsWrite);
        return api;
    }

    private static readonly ChoiceQuery QrFormat = new("format", ["json", "png"], "json: the QR text and expiry; png: an image to scan.", "json");

    internal sealed record CreateSessionRequest(string? Name = null);

    /// <summary>With <see cref="PairingPhone"/>, the engine asks for a pairing code to type in instead of a QR code to scan.</summary>
    internal sealed record ConnectRequest(string? PairingPhone = null);

    private static IResult NoSession(string id) => ApiError.NotFound($"No session '{id}'.");

    /// <summary>One insert.</summary>
    internal static async Task<IResult> CreateAsync(CreateSessionRequest? body, SessionStore sessions, TimeProvider clock, CancellationToken ct)
    {
        var name = body?.Name?.Trim();
        if (name is { Length: > MaxNameLength }) throw new InvalidInputException($"Field 'name' is longer than {MaxNameLength} characters.");
        var session = await sessions.CreateAsync(string.IsNullOrEmpty(name) ? null : name, ct);
        return Answer.Data(SessionView.Of(session, clock.GetUtcNow()), StatusCodes.Status201Created);
    }

    /// <summary>One bounded query (all sessions; a business has a handful).</summary>
    internal static async Task<IResult> ListAsync(SessionStore sessions, TimeProvider clock, CancellationToken ct) =>
        Answer.Data<IReadOnlyList<SessionView>>((await sessions.ListAsync(ct)).Select(s => SessionView.Of(s, clock.GetUtcNow())).ToList());

    /// <summary>
    /// Four point reads: the session, then its pacing and the engine lease blob together, then today's send counter; so a
    /// new number's warm-up cap (<c>sendCap</c>: today's cap in the pacing time zone, what was sent, what is left) is
    /// visible before it surprises anyone, and <c>engine</c> says which engine-host replica runs the number.
    /// </summary>
    internal static async Task<IResult> GetAsync(string id, SessionStore sessions, PacingStore pacingStore, SendCapStore caps, StorageClients storage,
        IConfiguration config, TimeProvider clock, CancellationToken ct)
    {
        if (await sessions.GetAsync(id, ct) is not var (s, _)) return NoSession(id);
        var now = clock.GetUtcNow();
        var pacingRead = pacingStore.GetAsync(id, ct);
        var ownerRead = EngineOwner.ReadAsync(storage, config, id, ct);
        var pacing = await pacingRead;
        var (day, cap) = PacingMath.CapOn(pacing, s.CreatedAt, now);
        var sent = await caps.CountAsync(id, day, ct);
        var owner = await ownerRead;
        return Answer.Data(SessionView.Of(s, now) with
        {
            SendCap = new SendCapToday(day, pacing.TimeZone, cap, sent, Math.Max(0, cap - sent)),
            Engine = owner is null ? null : EngineReplicaView.Of(owner),
        });
    }


    /// <summary>
    /// One point read. JSON <c>{ data: { qr, expiresAt } }</c>, or <c>?format=png</c> for an image to scan.
    /// 409 <c>session_ready</c> when already linked; 404 <c>qr_not_available</c> when no unexpired QR is pending.
    /// </summary>
    internal static async Task<IResult> QrAsync(string id, HttpRequest request, SessionStore sessions, TimeProvider clock, CancellationToken ct)
    {
        var format = QrFormat.Read(request);
        if (await sessions.GetAsync(id, ct) is not var (s, _)) return NoSession(id);
        if (s.IsReady) return ApiError.Conflict("session_ready", "The session is already linked; no QR is needed.");
        if (s.Qr is null || s.QrExpiresAt <= clock.GetUtcNow().ToUnixTimeSeconds())
            return ApiError.Result(404, "qr_not_available", "No QR code is pending for this session; connect it first and retry in a moment.");
        return format == "png"
            ? Results.File(SessionQr.Png(s.Qr), "image/png")
            : Answer.Data(new SessionQrView(s.Qr, s.QrExpiresAt ?? 0));
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
        return Answer.Data(SessionView.Of(session, clock.GetUtcNow()), StatusCodes.Status202Accepted);
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
        return Answer.Data(SessionView.Of(s, clock.GetUtcNow()), StatusCodes.Status202Accepted);
    }
}
