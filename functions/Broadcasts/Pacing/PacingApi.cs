using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Broadcasts.Pacing;

/// <summary>
/// <c>GET/PATCH /sessions/{id}/pacing</c> (scopes <c>sessions:read</c> / <c>sessions:write</c>): how broadcasts from a
/// number are paced. PATCH takes any subset of the fields; nested objects are merged field by field.
/// </summary>
internal static class PacingApi
{
    public static IEndpointRouteBuilder MapPacing(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id}/pacing", GetAsync).WithName("GetPacing")
            .WithSummary("Get a number's pacing")
            .WithDescription("How broadcasts from this number are paced: the random delay between sends, the daily cap (shared with direct sends), quiet hours, typing and the warm-up ramp.")
            .Returns<PacingView>()
            .RequireScope(Scopes.SessionsRead);
        api.MapPatch("/sessions/{id}/pacing", PatchAsync).WithName("UpdatePacing")
            .WithSummary("Change a number's pacing")
            .WithDescription("Any subset of the fields; quietHours and warmup merge field by field, and null turns either off. minDelaySeconds is at least 3 s: a faster pace gets numbers banned.")
            .Returns<PacingView>()
            .RequireScope(Scopes.SessionsWrite);
        return api;
    }

    /// <summary>Two point reads (session, pacing).</summary>
    internal static async Task<IResult> GetAsync(string id, SessionStore sessions, PacingStore pacing, CancellationToken ct) =>
        await sessions.GetAsync(id, ct) is null
            ? ApiError.NotFound($"No session '{id}'.")
            : Answer.Data((await pacing.GetAsync(id, ct)).View());

    /// <summary>Two point reads and one upsert.</summary>
    internal static async Task<IResult> PatchAsync(string id, UpdatePacingRequest body, SessionStore sessions, PacingStore pacing,
        BroadcastSettings settings, CancellationToken ct)
    {
        if (await sessions.GetAsync(id, ct) is null) return ApiError.NotFound($"No session '{id}'.");
        var updated = PacingRules.Apply(await pacing.GetAsync(id, ct), body, settings);
        await pacing.SaveAsync(id, updated, ct);
        return Answer.Data(updated.View());
    }
}
