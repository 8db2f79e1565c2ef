using WaFunctions.Agents;
using WaFunctions.Auth;

namespace WaFunctions.Keys;

/// <summary>
/// <c>GET /me</c> (any valid key): the key that authenticated the request, so a client such as the dashboard knows what
/// it may do, and the agent it acts as (null when the key is bound to none, or its agent was deleted). Storage: nothing
/// beyond the key check itself (cached), plus one point read of the agent for a bound key. The secret is never part of
/// the answer.
/// </summary>
internal static class MeApi
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetAsync).WithName("GetMe").RequireScope(Scopes.AnyKey)
            .WithSummary("The calling key and its agent")
            .WithDescription("The key's id, name, scopes and prefix, the agent it is bound to (`agentId`, and `agent` as stored), so a client knows what it may do and who \"me\" is in assignment and filters.")
            .Produces<MeEnvelope>();
        return api;
    }

    internal static async Task<IResult> GetAsync(CurrentKey caller, AgentStore agents, CancellationToken ct)
    {
        var key = caller.Key;
        var agent = key.AgentId is { } agentId && await agents.GetAsync(agentId, ct) is var (a, _) ? AgentView.Of(a) : null;
        return Results.Json(new MeEnvelope(new MeView(key.Id, key.Name, key.Scopes, key.Prefix, key.AgentId, agent)));
    }
}

/// <summary><c>GET /me</c>: the key (as before) plus <c>agentId</c> and <c>agent</c>.</summary>
internal sealed record MeView(string Id, string Name, IReadOnlyList<string> Scopes, string Prefix, string? AgentId, AgentView? Agent);

internal sealed record MeEnvelope(MeView Data);
