using System.Text.Json;
using WaFunctions.Auth;
using WaFunctions.Errors;
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
        api.MapGet("/sessions/{id}/pacing", GetAsync).WithName("GetPacing").RequireScope(Scopes.SessionsRead);
        api.MapPatch("/sessions/{id}/pacing", PatchAsync).WithName("UpdatePacing").RequireScope(Scopes.SessionsWrite);
        return api;
    }

    /// <summary>Two point reads (session, pacing).</summary>
    internal static async Task<IResult> GetAsync(string id, SessionStore sessions, PacingStore pacing, CancellationToken ct) =>
        await sessions.GetAsync(id, ct) is null
            ? ApiError.NotFound($"No session '{id}'.")
            : Results.Json(new { data = (await pacing.GetAsync(id, ct)).View() });

    /// <summary>Two point reads and one upsert.</summary>
    internal static async Task<IResult> PatchAsync(string id, JsonElement body, SessionStore sessions, PacingStore pacing,
        BroadcastSettings settings, CancellationToken ct)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new InvalidInputException("The body must be a JSON object.");
        if (await sessions.GetAsync(id, ct) is null) return ApiError.NotFound($"No session '{id}'.");
        var updated = PacingRules.Apply(await pacing.GetAsync(id, ct), body, settings);
        await pacing.SaveAsync(id, updated, ct);
        return Results.Json(new { data = updated.View() });
    }
}
