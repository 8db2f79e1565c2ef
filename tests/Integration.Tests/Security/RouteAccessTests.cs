using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using WaFunctions.Auth;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Security;

/// <summary>
/// Nothing answers without a key but what is public by design: the readiness probe, the API description and its
/// viewer, and the dashboard's static files. The trigger routes a custom handler once exposed (forged engine events, webhook deliveries, ticks) are gone.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteAccessTests(ApiFixture api)
{
    private static readonly string[] PublicByDesign =
    [
        "GET /api/v1/ready", "GET /api/v1/openapi.json", "GET /api/docs/{*asset}",
        // The web console's page and assets: they hold no data; it signs in with an API key like any client.
        "GET /api/dashboard", "GET /api/dashboard/{*path}",
    ];

    [Fact]
    public async Task Every_mapped_route_is_an_authenticated_API_route_or_public_by_design()
    {
        await using var app = ApiComposition.Build(["--AzureWebJobsStorage=UseDevelopmentStorage=true", "--WA_SETTINGS_FILE=/nonexistent"]);
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(routes);
        var open = new List<string>();
        foreach (var route in routes)
        {
            var methods = route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var name = $"{string.Join(",", methods)} /{route.RoutePattern.RawText!.TrimStart('/')}";
            var scope = route.Metadata.GetMetadata<RequiredScope>();
            var isPublic = route.Metadata.GetMetadata<WaFunctions.Auth.PublicByDesign>() is not null;
            Assert.True(scope is not null ^ isPublic, $"{name} must declare exactly one of a scope or public access");
            if (isPublic) open.Add(name);
            else Assert.StartsWith("/api/v1/", "/" + route.RoutePattern.RawText!.TrimStart('/'));
        }
        Assert.Equal(PublicByDesign.Order(), open.Order());
    }

    [Theory]
    [InlineData("EngineEvents")]
    [InlineData("BroadcastTick")]
    [InlineData("DeliverWebhook")]
    [InlineData("BroadcastWatchdog")]
    [InlineData("PruneWebhookDeliveries")]
    public async Task Trigger_names_are_not_routes(string function)
    {
        // What a web page could post to localhost without a preflight: text/plain, no key.
        var forged = "{\"Data\":{\"message\":\"{\\\"v\\\":1,\\\"type\\\":\\\"session.status\\\",\\\"sessionId\\\":\\\"x\\\",\\\"data\\\":{\\\"status\\\":\\\"ready\\\"}}\"}}";
        var response = await api.App.Http.PostAsync(function, new StringContent(forged, Encoding.UTF8, "text/plain"));
        await ApiFixture.AssertErrorAsync(response, 404, "not_found");
    }

    [Fact]
    public async Task The_root_is_not_served()
    {
        await ApiFixture.AssertErrorAsync(await api.App.Http.GetAsync(""), 404, "not_found");
    }

    [Theory]
    [InlineData("api/docs/nope.js")]
    [InlineData("api/docs/..%2f..%2fetc%2fpasswd")]
    public async Task An_unknown_docs_asset_is_404_without_a_key(string path)
    {
        var response = await api.App.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
    }
}
