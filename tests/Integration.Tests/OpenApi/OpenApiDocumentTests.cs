using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.OpenApi;

[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture api)
{
    private async Task<JsonElement> DocumentAsync()
    {
        var response = await api.Send(HttpMethod.Get, "api/v1/openapi.json", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiFixture.JsonAsync(response);
    }

    [Fact]
    public async Task Every_registered_route_is_in_the_document_with_its_scope_and_errors()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var described = (await AppRoutes.AllAsync()).Where(r => r.Described).ToList();
        Assert.Contains(described, r => r.Name == "ListContacts");
        foreach (var route in described)
        {
            Assert.True(paths.TryGetProperty(route.Pattern, out var item), $"{route.Name}: {route.Pattern} is missing");
            Assert.True(item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation), $"{route.Name}: {route.Method} {route.Pattern} is missing");
            Assert.Equal(route.Name, operation.GetProperty("operationId").GetString());
            if (route.Scope is { } scope)
            {
                Assert.Equal(scope.Length == 0 ? "any" : scope, operation.GetProperty("x-required-scope").GetString());
                Assert.True(operation.GetProperty("security").GetArrayLength() > 0);
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{route.Name} documents no 401");
            }
        }
    }

    [Fact]
    public async Task The_document_declares_both_key_schemes_and_the_error_shape()
    {
        var components = (await DocumentAsync()).GetProperty("components");
        Assert.Equal("bearer", components.GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-API-Key", components.GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(["error", "message"], components.GetProperty("schemas").GetProperty("Error").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact]
    public async Task The_document_validates_with_an_independent_validator()
    {
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).GetRawText());
        try
        {
            await using var node = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "tests", "Integration.Tests", "OpenApi", "validate-openapi.mjs"), file], new Dictionary<string, string?>());
            var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, node.Output);
            Assert.Contains("\"valid\":true", node.StandardOutputLines.Last());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Swagger_UI_is_served_at_api_docs()
    {
        var page = await api.Send(HttpMethod.Get, "api/docs/index.html", key: null);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
