using WaFunctions.Errors;
using WaFunctions.OpenApi;

namespace WaFunctions.Engine;

/// <summary>
/// A failed engine answer as an API error: <c>session_not_ready</c> → 409 <c>no_ready_session</c>;
/// <c>invalid_request</c>/<c>bad_request</c> → 400 <c>invalid_input</c>; <c>not_found</c> → 404; <c>forbidden</c> → 403
/// <c>whatsapp_forbidden</c> (not a member, not an admin); <c>conflict</c> → 409 <c>conflict</c>; <c>rate_limited</c> → 429
/// <c>whatsapp_rate_limited</c>; <c>timeout</c> → 504 <c>engine_timeout</c>; <c>connection_lost</c> → 503
/// <c>engine_unavailable</c>; <c>outcome_unknown</c> → 409 <c>outcome_unknown</c>; anything else → 502 <c>engine_failed</c>.
/// The engine's <c>detail</c> goes into the message. One table serves the answers and their description
/// (<see cref="FailsLikeTheEngine"/>), so an endpoint that asks the engine declares every error it can pass on.
/// </summary>
public static class EngineAnswerErrors
{
    private sealed record Mapping(string[] EngineErrors, int Status, string Code, string When, Func<string, string, string, string> Message);

    private static readonly Mapping[] Table =
    [
        new(["session_not_ready"], 409, "no_ready_session", "No connected WhatsApp number is ready (or the given one is not).",
            (_, _, sessionId) => $"The number '{sessionId}' is not connected and ready."),
        new(["invalid_request", "bad_request"], 400, "invalid_input", "WhatsApp refused the request as invalid.", (what, detail, _) => $"WhatsApp refused {what} as invalid{detail}."),
        new(["not_found"], 404, "not_found", "No such number or group, or WhatsApp does not know it.", (what, detail, _) => $"WhatsApp does not know {what}{detail}."),
        new(["forbidden"], 403, "whatsapp_forbidden", "WhatsApp refused: the number is not a member or not an admin of the group.",
            (what, detail, _) => $"WhatsApp refused {what}: this number is not a member or not an admin of the group{detail}."),
        new(["conflict"], 409, "conflict", "WhatsApp refused the change as conflicting.", (what, detail, _) => $"WhatsApp refused {what} as conflicting{detail}."),
        new(["rate_limited"], 429, "whatsapp_rate_limited", "WhatsApp is rate limiting the number; retry later.",
            (what, detail, _) => $"WhatsApp is rate limiting this number; retry {what} later{detail}."),
        new(["timeout"], 504, "engine_timeout", "The engine or WhatsApp did not answer in time (WA_ENGINE_ANSWER_TIMEOUT_SECONDS).",
            (what, detail, _) => $"WhatsApp did not answer {what} in time{detail}."),
        new(["connection_lost"], 503, "engine_unavailable", "The number lost its connection while handling the request; retry.",
            (what, detail, _) => $"The number lost its connection while handling {what}; retry{detail}."),
        new(["outcome_unknown"], 409, "outcome_unknown", "It is unknown whether the change took effect (the engine restarted mid-way); check before retrying.",
            (what, detail, _) => $"It is unknown whether {what} took effect (the engine restarted mid-way); check before retrying{detail}."),
        new([], 502, "engine_failed", "WhatsApp could not complete the request.", (what, detail, _) => $"WhatsApp could not complete {what}{detail}."),
    ];

    public static IResult Of(EngineAnswer answer, string sessionId, string what)
    {
        var detail = answer.Detail is { Length: > 0 } d ? $" ({d})" : "";
        var m = Table.FirstOrDefault(m => m.EngineErrors.Contains(answer.Error)) ?? Table[^1];
        return ApiError.Result(m.Status, m.Code, m.Message(what, detail, sessionId));
    }

    /// <summary>
    /// Declares what an endpoint that asks the engine (<see cref="EngineRequests"/>) through a ready number
    /// (<see cref="ReadySession.ForEngineAsync"/>) can answer: every error of the table, and 404 for an unknown sessionId.
    /// </summary>
    public static RouteHandlerBuilder FailsLikeTheEngine(this RouteHandlerBuilder builder)
    {
        builder.Fails(404, "not_found", "No number with the given sessionId.");
        foreach (var m in Table) builder.Fails(m.Status, m.Code, m.When);
        return builder;
    }
}
