using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WaFunctions.Storage;

namespace WaFunctions.Tests.Infrastructure;

/// <summary>
/// Azurite plus one functions app process with a known admin key, shared by the API tests of a
/// collection. Tests create their own keys and data with unique names, so they never depend on order.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string AdminKey = "lw_live_AdminKeyForTests0000000000000000";
    private FunctionsProcess? _app;

    public AzuriteFixture Azurite { get; } = new();
    internal FunctionsProcess App => _app!;
    public StorageClients Storage => Azurite.Storage;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _app = FunctionsProcess.Start("WaFunctions", Azurite.ConnectionString, new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = AdminKey,
            ["WA_ENGINE"] = "simulator",
            // Many tests share the admin key of this one process; the default budget (120/min) is
            // proven in SharedRateLimitTests, which runs with default settings.
            ["WA_RATE_LIMIT_PER_MINUTE"] = "100000",
        });
        await _app.WaitUntilReadyAsync();
        await Wait.UntilAsync(async () => (await Send(HttpMethod.Get, "api/v1/api-keys?limit=1", AdminKey)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the admin key to be registered");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, string? key, object? body = null, string? rawBody = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (rawBody is not null) request.Content = new StringContent(rawBody, System.Text.Encoding.UTF8, "application/json");
        return App.Http.SendAsync(request);
    }

    /// <summary>A fresh key with exactly these scopes (and optionally its own budget).</summary>
    public async Task<string> NewKeyAsync(string[] scopes, int? rateLimitPerMinute = null) => (await NewKeyWithIdAsync(scopes, rateLimitPerMinute)).Secret;

    public async Task<(string Id, string Secret)> NewKeyWithIdAsync(string[] scopes, int? rateLimitPerMinute = null)
    {
        var response = await Send(HttpMethod.Post, "api/v1/api-keys", AdminKey, new { name = "test " + Guid.NewGuid().ToString("N")[..6], scopes, rateLimitPerMinute });
        response.EnsureSuccessStatusCode();
        var data = (await JsonAsync(response)).GetProperty("data");
        return (data.GetProperty("id").GetString()!, data.GetProperty("key").GetString()!);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {error}, got {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(error, doc.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("message").GetString()));
        Assert.Equal(2, doc.RootElement.EnumerateObject().Count());
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
