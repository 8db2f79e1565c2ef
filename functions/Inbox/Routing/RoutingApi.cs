using WaFunctions.Agents;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Inbox.Tags;
using WaFunctions.OpenApi;
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
        api.MapGet("/sessions/{id}/routing", GetAsync).WithName("GetRouting")
            .WithSummary("Routing and business hours of a number")
            .WithDescription("Business hours, the off-hours auto-reply, auto-assignment and idle re-assignment of one number (session id); each part null while off.")
            .Returns<RoutingView>()
            .RequireScope(Scopes.SessionsRead);
        api.MapPatch("/sessions/{id}/routing", PatchAsync).WithName("UpdateRouting")
            .WithSummary("Change routing and business hours of a number")
            .WithDescription("Parts: `businessHours` { timeZone (IANA), days { mon: [{ start, end }] … sun } with HH:mm times (end exclusive, at most 24:00), holidays [yyyy-MM-dd] }, `offHoursReply` { text }, `autoAssign` { agentIds (null: every agent), byTag [{ tagId, agentIds }] }, `idleReassign` { afterSeconds }. A part sent replaces that part, one left out keeps its value, null turns it off.")
            .Returns<RoutingView>()
            .RequireScope(Scopes.SessionsWrite);
        return api;
    }

    /// <summary>Two point reads (session, settings).</summary>
    internal static async Task<IResult> GetAsync(string id, SessionStore sessions, RoutingStore routing, CancellationToken ct) =>
        await sessions.GetAsync(id, ct) is null ? NotFound(id) : Answer.Data(RoutingView.Of(await routing.GetAsync(id, ct)));

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
        return Answer.Data(RoutingView.Of(updated));
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No session '{id}'.");
}
