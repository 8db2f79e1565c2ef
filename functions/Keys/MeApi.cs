using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.OpenApi;

namespace WaFunctions.Keys;

/// <summary>
/// <c>GET /me</c> (any valid key): the key that authenticated the request, so a client such as the dashboard knows what
/// it may do. No storage round trip beyond the key check itself (cached). The secret is never part of the answer.
/// </summary>
/// <summary>The calling key as <c>GET /me</c> shows it: never its secret.</summary>
internal sealed record MeView(string Id, string Name, IReadOnlyList<string> Scopes, string Prefix);

internal static class MeApi
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", Get).WithName("GetMe")
            .WithSummary("The calling key")
            .WithDescription("The key that authenticated this request: its id, name, scopes and visible prefix, so a client knows what it may do.")
            .Returns<MeView>()
            .RequireScope(Scopes.AnyKey);
        return api;
    }

    internal static IResult Get(CurrentKey caller) =>
        Answer.Data(new MeView(caller.Key.Id, caller.Key.Name, caller.Key.Scopes, caller.Key.Prefix));
}
