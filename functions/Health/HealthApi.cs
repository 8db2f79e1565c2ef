using System.Reflection;
using WaFunctions.Auth;
using WaFunctions.Hosting;

namespace WaFunctions.Health;

/// <summary>Liveness for API clients: any valid key, no storage round trip (the key check itself is cached).</summary>
internal static class HealthApi
{
    public static HttpFunction Definition { get; } = new("Health", "v1/health", "GET", Scopes.AnyKey, Get);

    /// <summary>The assembly's informational version without the source revision the SDK appends ("1.0.0+abc123" → "1.0.0").</summary>
    internal static string Version { get; } =
        (typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    internal static IResult Get() => Results.Json(new { ok = true, version = Version });
}
