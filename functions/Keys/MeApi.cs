using WaFunctions.Auth;

namespace WaFunctions.Keys;

/// <summary>
/// <c>GET /me</c> (any valid key): the key that authenticated the request, so a client such as the dashboard knows what
/// it may do. No storage round trip beyond the key check itself (cached). The secret is never part of the answer.
/// </summary>
internal static class MeApi
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", Get).WithName("GetMe").RequireScope(Scopes.AnyKey);
        return api;
    }

    internal static IResult Get(CurrentKey caller) =>
        Results.Json(new { data = new { id = caller.Key.Id, name = caller.Key.Name, scopes = caller.Key.Scopes, prefix = caller.Key.Prefix } });
}
