using WaFunctions.Agents;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.OpenApi;

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
        api.MapGet("/me", GetAsync).WithName("GetMe")
            .WithSummary("The calling key and its agent")
            .WithDescription("The key that authenticated this request: its id, name, scopes and visible prefix, so a client knows what it may do; and the agent it is bound to (`agentId`, and `agent` as stored, null when unbound or deleted), who is \"me\" in assignment, filters and counts.")
            .Returns<MeView>()
            .RequireScope(Scopes.AnyKey);
        return api;
    }

    internal static async Task<IResult> GetAsync(CurrentKey caller, AgentStore agents, CancellationToken ct)
    {
        var key = caller.Key;
        var agent = key.AgentId is { } agentId && await agents.GetAsync(agentId, ct) is var (a, _) ? AgentView.Of(a) : null;
        return Answer.Data(new MeView(key.Id, key.Name, key.Scopes, key.Prefix, key.AgentId, agent));
    }
}

/// <summary>The calling key as <c>GET /me</c> shows it (never its secret), and the agent it acts as.</summary>
internal sealed record MeView(string Id, string Name, IReadOnlyList<string> Scopes, string Prefix, string? AgentId, AgentView? Agent);
