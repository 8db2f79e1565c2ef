using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using WaFunctions.Hosting;
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
        foreach (var function in FunctionRegistry.All.OfType<HttpFunction>())
        {
            // "v1/api-keys/{id}" -> "/api/v1/api-keys/{id}"; a catch-all "{*asset}" is documented as "{asset}".
            var path = "/api/" + Regex.Replace(function.Route, @"\{\*?([^}:]+)(:[^}]*)?\}", "{$1}");
            Assert.True(paths.TryGetProperty(path, out var item), $"{function.Name}: {path} is missing");
            Assert.True(item.TryGetProperty(function.Method.ToLowerInvariant(), out var operation), $"{function.Name}: {function.Method} {path} is missing");
            Assert.Equal(function.Name, operation.GetProperty("operationId").GetString());
            if (function.Scope is { } scope)
            {
                Assert.Equal(scope.Length == 0 ? "any" : scope, operation.GetProperty("x-required-scope").GetString());
                Assert.True(operation.GetProperty("security").GetArrayLength() > 0);
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{function.Name} documents no 401");
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
