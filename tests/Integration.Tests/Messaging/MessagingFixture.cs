using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;
using WaFunctions.Tests.Webhooks;

namespace WaFunctions.Tests.Messaging;

/// <summary>
/// Real processes for the messaging features: Azurite, the functions app and the engine-host's simulator on one storage
/// account, a webhook receiver subscribed to every event (path <see cref="AllEvents"/>), and a file server for media
/// URLs. Private targets are allowed (the receiver and the file server are on loopback); metadata addresses stay refused.
/// Each test links its own number.
/// </summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public const string Admin = ApiFixture.AdminKey;
    public const string AllEvents = "/all-events";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly AzuriteFixture _azurite = new();
    private FunctionsProcess _app = null!;
    private ChildProcess _engine = null!;

    public AzuriteFixture Azurite => _azurite;
    internal FunctionsProcess App => _app;
    internal WebhookReceiver Receiver { get; private set; } = null!;
    internal MediaServer Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Receiver = new WebhookReceiver();
        Files = new MediaServer();
        _app = FunctionsProcess.Start("WaFunctions", _azurite.ConnectionString, new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = Admin,
            ["WA_ENGINE"] = "simulator",
            ["WA_RATE_LIMIT_PER_MINUTE"] = "100000",
            ["WA_WEBHOOKS_ALLOW_PRIVATE"] = "true",
            ["WA_PACING_ALLOW_FAST"] = "true",
            ["WA_MEDIA_FETCH_TIMEOUT_MS"] = "2000",
            ["WA_ENGINE_ANSWER_TIMEOUT_SECONDS"] = "20",
        });
        await _app.WaitUntilReadyAsync();
        _engine = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "engine-host", "dist", "src", "index.js")], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["WA_ENGINE"] = "simulator",
            ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
            ["WA_POLL_MAX_MS"] = "200",
            ["WA_SIM_DELIVERED_MS"] = "200",
            ["WA_SIM_READ_MS"] = "600",
            ["WA_LOG_LEVEL"] = "warn",
        }, Path.Combine(RepoPaths.Root, "engine-host"));
        await Wait.UntilAsync(async () => (await Send(HttpMethod.Get, "api/v1/webhooks")).IsSuccessStatusCode, Patience, "the admin key");
        var created = await Send(HttpMethod.Post, "api/v1/webhooks", new { url = Receiver.Url(AllEvents), events = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _app.DisposeAsync();
        await Files.DisposeAsync();
        await Receiver.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string key = Admin)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await _app.Http.SendAsync(request);
        if (_engine is { HasExited: true }) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        return response;
    }

    public async Task<JsonElement> Data(string path) => (await ApiFixture.JsonAsync(await Send(HttpMethod.Get, path))).GetProperty("data");

    public async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task Until(Func<Task<bool>> probe, string what) => Wait.UntilAsync(async () =>
    {
        if (_engine.HasExited) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        return await probe();
    }, Patience, what);

    /// <summary>A new number, linked through the simulator and ready: its session id and phone.</summary>
    public async Task<(string Id, string Phone)> LinkedNumberAsync()
    {
        var id = (await Ok(await Send(HttpMethod.Post, "api/v1/sessions", new { name = "messaging" }), HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetString()!;
        await Ok(await Send(HttpMethod.Post, $"api/v1/sessions/{id}/connect", new { }), HttpStatusCode.Accepted);
        await Until(async () => (await Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr")).IsSuccessStatusCode, "a QR");
        await Ok(await Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/scan", new { }), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/sessions/{id}")).GetProperty("status").GetString() == "ready", "ready");
        return (id, (await Data($"api/v1/sessions/{id}")).GetProperty("phone").GetString()!);
    }

    /// <summary>Sends a message; answers its id.</summary>
    public async Task<string> SendMessageAsync(object body) =>
        (await Ok(await Send(HttpMethod.Post, "api/v1/messages", body), HttpStatusCode.Accepted)).GetProperty("id").GetString()!;

    public async Task<JsonElement> MessageWhenAsync(string id, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        await Until(async () =>
        {
            var r = await Send(HttpMethod.Get, $"api/v1/messages/{id}");
            if (!r.IsSuccessStatusCode) return false;
            last = (await ApiFixture.JsonAsync(r)).GetProperty("data");
            return condition(last);
        }, what);
        return last;
    }

    /// <summary>The deliveries of events of <paramref name="type"/> whose data satisfies <paramref name="match"/>.</summary>
    public IReadOnlyList<JsonElement> Events(string type, Func<JsonElement, bool> match) =>
        Receiver.On(AllEvents).Select(r => r.Json).Where(e => e.GetProperty("type").GetString() == type && match(e.GetProperty("data"))).ToList();

    public Task<IReadOnlyList<JsonElement>> EventsAsync(string type, Func<JsonElement, bool> match, string what) =>
        Wait.UntilAsync(() => Task.FromResult(Events(type, match) is { Count: > 0 } got ? got : null), Patience, what)!;

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Phone() => "4916" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    public static string Str(JsonElement e, params string[] path)
    {
        foreach (var p in path) e = e.GetProperty(p);
        return e.ValueKind == JsonValueKind.Null ? null! : e.GetString()!;
    }
}

[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<MessagingFixture>
{
    public const string Name = "messaging";
}
