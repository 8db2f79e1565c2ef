using System.Net;
using System.Text;
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
        "GET /dashboard", "GET /dashboard/{*path}",
    ];

    [Fact]
    public async Task Every_mapped_route_is_an_authenticated_API_route_or_public_by_design()
    {
        var routes = await AppRoutes.AllAsync();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            Assert.True(route.Scope is not null ^ route.IsPublic, $"{route.Method} {route.Pattern} must declare exactly one of a scope or public access");
            if (!route.IsPublic) Assert.StartsWith("/api/v1/", route.Pattern);
        }
        Assert.Equal(PublicByDesign.Order(), routes.Where(r => r.IsPublic).Select(r => $"{r.Method} {r.Pattern}").Order());
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
