using WaFunctions.Api;
using WaFunctions.Errors;
using WaFunctions.Sessions;

namespace WaFunctions.Engine;

/// <summary>
/// Which number serves a request, by the API's <c>sessionId</c> query parameter. For what needs WhatsApp itself (checks,
/// group writes): the given number, which must be ready (404 unknown, 409 <c>no_ready_session</c>), else the first ready
/// one. For what reads stored data: the given number (404 unknown), else the first ready one, else the first ever linked;
/// none at all is not an error (an empty list). One point read, or one bounded query.
/// </summary>
public static class ReadySession
{
    /// <summary>The query parameter both read; an endpoint using either declares it with <c>.WithQuery(ReadySession.SessionId)</c>.</summary>
    public static readonly TextQuery SessionId = new("sessionId", 64, "The number (session id) to use; defaults to the first ready number.");

    public static async Task<(Session? Session, IResult? Error)> ForEngineAsync(HttpRequest request, SessionStore sessions, CancellationToken ct)
    {
        if (SessionId.Read(request) is { } given)
        {
            if (await sessions.GetAsync(given, ct) is not var (s, _)) return (null, ApiError.NotFound($"No session '{given}'."));
            return s.IsReady ? (s, null) : (null, ApiError.Conflict("no_ready_session", $"The number '{given}' is not connected and ready."));
        }
        return await sessions.FirstReadyAsync(ct) is { } ready ? (ready, null) : (null, ApiError.Conflict("no_ready_session", "No connected WhatsApp number is ready."));
    }

    public static async Task<(string? SessionId, IResult? Error)> ForReadAsync(HttpRequest request, SessionStore sessions, CancellationToken ct)
    {
        if (SessionId.Read(request) is { } given)
            return await sessions.GetAsync(given, ct) is null ? (null, ApiError.NotFound($"No session '{given}'.")) : (given, null);
        var all = await sessions.ListAsync(ct);
        return ((all.FirstOrDefault(s => s.IsReady) ?? all.FirstOrDefault(s => s.Phone is not null))?.Id, null);
    }
}
