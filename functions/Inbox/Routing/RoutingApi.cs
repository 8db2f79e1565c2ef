using WaFunctions.Agents;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Inbox.Tags;
using WaFunctions.Sessions;

namespace WaFunctions.Inbox.Routing;

/// <summary>
/// <c>GET/PATCH /sessions/{id}/routing</c> (scopes <c>sessions:read</c> / <c>sessions:write</c>): business hours, the
/// off-hours auto-reply, auto-assignment and idle re-assignment of one number.
/// </summary>
internal static class RoutingApi
{
    public static IEndpointRouteBuilder MapRouting(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id}/routing", GetAsync).WithName("GetRouting").RequireScope(Scopes.SessionsRead)
            .WithSummary("Routing and business hours of a number").Produces<RoutingEnvelope>();
        api.MapPatch("/sessions/{id}/routing", PatchAsync).WithName("UpdateRouting").RequireScope(Scopes.SessionsWrite)
            .WithSummary("Change routing and business hours of a number")
            .WithDescription("Parts: `businessHours` { timeZone (IANA), days { mon: [{ start, end }] … }, holidays [yyyy-MM-dd] }, `offHoursReply` { text }, `autoAssign` { agentIds (null: every agent), byTag [{ tagId, agentIds }] }, `idleReassign` { afterSeconds }. A part sent replaces that part, one left out keeps its value, null turns it off.")
            .Produces<RoutingEnvelope>();
        return api;
    }

    /// <summary>Two point reads (session, settings).</summary>
    internal static async Task<IResult> GetAsync(string id, SessionStore sessions, RoutingStore routing, CancellationToken ct) =>
        await sessions.GetAsync(id, ct) is null ? NotFound(id) : Results.Json(new RoutingEnvelope(await routing.GetAsync(id, ct)));

    /// <summary>Two point reads, the team and the tags when the body names them (one bounded query each), one upsert.</summary>
    internal static async Task<IResult> PatchAsync(string id, RoutingPatch body, SessionStore sessions, RoutingStore routing, AgentStore agents,
        TagStore tags, CancellationToken ct)
    {
        if (await sessions.GetAsync(id, ct) is null) return NotFound(id);
        var current = await routing.GetAsync(id, ct);
        var names = body.AutoAssign is { IsSet: true, Value: not null };
        var team = names ? (await agents.ListAsync(ct)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal) : [];
        var tagIds = names ? (await tags.ListAsync(ct)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal) : [];
        var updated = RoutingRules.Apply(current, body, team.Contains, tagIds.Contains);
        await routing.SaveAsync(id, updated, ct);
        return Results.Json(new RoutingEnvelope(updated));
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No session '{id}'.");
}
