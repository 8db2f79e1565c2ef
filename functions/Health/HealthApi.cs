using System.Reflection;
using WaFunctions.Auth;

namespace WaFunctions.Health;

/// <summary>Liveness for API clients: any valid key, no storage round trip (the key check itself is cached).</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder api)
    {
        api.MapGet("/health", Get).WithName("Health").RequireScope(Scopes.AnyKey);
        return api;
    }

    /// <summary>The assembly's informational version without the source revision the SDK appends ("1.0.0+abc123" → "1.0.0").</summary>
    internal static string Version { get; } =
        (typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    internal static IResult Get() => Results.Json(new { ok = true, version = Version });
}
