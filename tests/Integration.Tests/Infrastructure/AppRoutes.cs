using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WaFunctions.Auth;
using WaFunctions.LocalHost;

namespace WaFunctions.Tests.Infrastructure;

/// <summary>One route the app maps, with what the gate and the API description see of it.</summary>
internal sealed record AppRoute(string Method, string Pattern, string? Name, string? Scope, bool IsPublic, bool Described);

internal static class AppRoutes
{
    /// <summary>Every route endpoint of the app as it is built to run (not started: no storage is touched).</summary>
    public static async Task<IReadOnlyList<AppRoute>> AllAsync()
    {
        await using var app = LocalHostBuilder.Build(["--AzureWebJobsStorage=UseDevelopmentStorage=true", "--WA_SETTINGS_FILE=/nonexistent"]);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => new AppRoute(method,
                "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                e.Metadata.GetMetadata<RequiredScope>()?.Scope, e.Metadata.GetMetadata<PublicByDesign>() is not null,
                e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)))
            .ToList();
    }
}
