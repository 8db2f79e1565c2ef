using WaFunctions.Errors;

namespace WaFunctions.Engine;

/// <summary>
/// A failed engine answer as an API error: <c>session_not_ready</c> → 409 <c>no_ready_session</c>;
/// <c>invalid_request</c>/<c>bad_request</c> → 400 <c>invalid_input</c>; <c>not_found</c> → 404; <c>forbidden</c> → 403
/// <c>whatsapp_forbidden</c> (not a member, not an admin); <c>conflict</c> → 409 <c>conflict</c>; <c>rate_limited</c> → 429
/// <c>whatsapp_rate_limited</c>; <c>timeout</c> → 504 <c>engine_timeout</c>; <c>connection_lost</c> → 503
/// <c>engine_unavailable</c>; <c>outcome_unknown</c> → 409 <c>outcome_unknown</c>; anything else → 502 <c>engine_failed</c>.
/// The engine's <c>detail</c> goes into the message.
/// </summary>
public static class EngineAnswerErrors
{
    public static IResult Of(EngineAnswer answer, string sessionId, string what)
    {
        var detail = answer.Detail is { Length: > 0 } d ? $" ({d})" : "";
        return answer.Error switch
        {
            "session_not_ready" => ApiError.Conflict("no_ready_session", $"The number '{sessionId}' is not connected and ready."),
            "invalid_request" or "bad_request" => ApiError.InvalidInput($"WhatsApp refused {what} as invalid{detail}."),
            "not_found" => ApiError.NotFound($"WhatsApp does not know {what}{detail}."),
            "forbidden" => ApiError.Result(403, "whatsapp_forbidden", $"WhatsApp refused {what}: this number is not a member or not an admin of the group{detail}."),
            "conflict" => ApiError.Conflict("conflict", $"WhatsApp refused {what} as conflicting{detail}."),
            "rate_limited" => ApiError.Result(429, "whatsapp_rate_limited", $"WhatsApp is rate limiting this number; retry {what} later{detail}."),
            "timeout" => ApiError.Result(504, "engine_timeout", $"WhatsApp did not answer {what} in time{detail}."),
            "connection_lost" => ApiError.Result(503, "engine_unavailable", $"The number lost its connection while handling {what}; retry{detail}."),
            "outcome_unknown" => ApiError.Conflict("outcome_unknown", $"It is unknown whether {what} took effect (the engine restarted mid-way); check before retrying{detail}."),
            _ => ApiError.Result(502, "engine_failed", $"WhatsApp could not complete {what}{detail}."),
        };
    }
}
