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
            // The document's server is /api/v1, so its paths are the contract's: /contacts, not /api/v1/contacts.
            Assert.StartsWith("/api/v1/", route.Pattern);
            var path = route.Pattern["/api/v1".Length..];
            Assert.True(paths.TryGetProperty(path, out var item), $"{route.Name}: {path} is missing");
            Assert.True(item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation), $"{route.Name}: {route.Method} {path} is missing");
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
    public async Task Every_operation_says_what_it_does_and_answers_a_typed_success_body()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Name: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value))).ToList();
        Assert.True(operations.Count > 50, $"only {operations.Count} operations");
        foreach (var (name, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), $"{name} has no description");
            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{name} declares no 2xx answer");
            foreach (var answer in success.Where(r => r.Name != "204"))
            {
                Assert.True(answer.Value.TryGetProperty("content", out var content), $"{name} {answer.Name} has no body schema");
                foreach (var media in content.EnumerateObject())
                {
                    var schema = media.Value.GetProperty("schema");
                    if (media.Name != "application/json") { Assert.Equal("binary", schema.GetProperty("format").GetString()); continue; }
                    // A typed body is a named component with properties, never an open "any".
                    var reference = schema.GetProperty("$ref").GetString()!;
                    var component = schemas.GetProperty(reference.Split('/')[^1]);
                    Assert.True(component.GetProperty("properties").EnumerateObject().Any(), $"{name} {answer.Name} answers an untyped {reference}");
                }
            }
            foreach (var error in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                Assert.EndsWith("/Error", error.Value.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        }
    }

    [Fact]
    public async Task List_parameters_carry_their_types_bounds_and_defaults()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        JsonElement Parameter(string path, string name) =>
            paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        Assert.Equal(200, Parameter("/chats", "limit").GetProperty("schema").GetProperty("default").GetInt32());
        Assert.Equal(50, Parameter("/chats/{chatId}/messages", "limit").GetProperty("schema").GetProperty("default").GetInt32());
        Assert.Equal(["lead", "active", "customer", "vip", "churned"],
            Parameter("/contacts", "stage").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", Parameter("/contacts", "q").GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(["open", "in_progress", "waiting", "resolved", "closed"],
            Parameter("/tickets", "status").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("query", Parameter("/tickets", "assignee").GetProperty("in").GetString());
        // Only what is required is required: a contact needs name and phone, a ticket only its subject.
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        Assert.Equal(["name", "phone"], schemas.GetProperty("CreateContactRequest").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["subject"], schemas.GetProperty("CreateTicketRequest").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(schemas.GetProperty("UpdateContactRequest").TryGetProperty("required", out _));
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
