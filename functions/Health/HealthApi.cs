using System.Reflection;
using WaFunctions.Auth;
using WaFunctions.OpenApi;

namespace WaFunctions.Health;

/// <summary>What <c>GET /health</c> answers: the contract's <c>{ "ok": true, "version": "1.0.0" }</c>.</summary>
internal sealed record HealthView(bool Ok, string Version) : IHasExample
{
    public static object Example => new HealthView(true, "1.0.0");
}

/// <summary>Liveness for API clients: any valid key, no storage round trip (the key check itself is cached).</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder api)
    {
        api.MapGet("/health", Get).WithName("Health")
            .WithSummary("Liveness check")
            .WithDescription("Answers ok and the API version; a quick way to check that a key works.")
            .Produces<HealthView>()
            .RequireScope(Scopes.AnyKey);
        return api;
    }

    /// <summary>The assembly's informational version without the source revision the SDK appends ("1.0.0+abc123" → "1.0.0").</summary>
    internal static string Version { get; } =
        (typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    internal static IResult Get() => TypedResults.Json(new HealthView(true, Version));
}
