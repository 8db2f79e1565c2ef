using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>
/// Azurite, a command collector, and functions processes (the test host: the real app plus test seams) with compressed
/// pacing allowed (<c>WA_PACING_ALLOW_FAST</c>). Helpers drive the public API as a customer would.
/// </summary>
internal sealed class BroadcastRig : IAsyncDisposable
{
    public const string Admin = ApiFixture.AdminKey;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<FunctionsProcess> _processes = [];

    public AzuriteFixture Azurite { get; } = new();
    public CommandCollector Collector { get; private set; } = null!;
    public FunctionsProcess App { get; private set; } = null!;
    public EngineBus Bus { get; private set; } = null!;

    public async Task StartAsync(bool collect = true)
    {
        await Azurite.InitializeAsync();
        App = await StartProcessAsync();
        if (collect) Collector = new CommandCollector(Azurite.Storage);
        Bus = new EngineBus(Azurite.Storage);
    }

    public async Task<FunctionsProcess> StartProcessAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = Admin, ["WA_ENGINE"] = "simulator", ["WA_RATE_LIMIT_PER_MINUTE"] = "100000", ["WA_PACING_ALLOW_FAST"] = "true",
            // A process that dies gives its orchestrations up within seconds, not the production half minute.
            ["WA_DURABLE_LEASE_SECONDS"] = "15", ["WA_DURABLE_VISIBILITY_SECONDS"] = "10",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var process = FunctionsProcess.Start("TestHost", Azurite.ConnectionString, settings);
        _processes.Add(process);
        await process.WaitUntilReadyAsync();
        return process;
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string key = Admin, FunctionsProcess? via = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        return (via ?? App).Http.SendAsync(request);
    }

    public async Task<JsonElement> Data(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data").Clone();
    }

    public async Task<JsonElement> GetAsync(string path) => await Data(await Send(HttpMethod.Get, path));

    public static string Phone() => "4917" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    /// <summary>A session the engine reported ready, with pacing compressed (no quiet hours, no warm-up) unless given.</summary>
    public async Task<string> ReadySessionAsync(object? pacing = null)
    {
        var id = (await Data(await Send(HttpMethod.Post, "api/v1/sessions", new { name = "broadcast test" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Bus.SendAsync("session.status", id, 1, EngineBus.Ready(Phone()));
        await Wait.UntilAsync(async () => (await GetAsync($"api/v1/sessions/{id}")).GetProperty("status").GetString() == "ready", Patience, "ready");
        await Data(await Send(HttpMethod.Patch, $"api/v1/sessions/{id}/pacing", pacing ?? Fast()));
        return id;
    }

    public static object Fast(double min = 0.05, double max = 0.15, int dailyCap = 1000) => new
    {
        minDelaySeconds = min, maxDelaySeconds = max, dailyCap, quietHours = new { enabled = false }, warmup = new { enabled = false }, typing = false,
    };

    public async Task<string> CreateAsync(string sessionId, int recipients, DateTimeOffset? scheduledAt = null, string message = "Hi {{name|friend}}, 10% off",
        FunctionsProcess? via = null)
    {
        var list = Enumerable.Range(0, recipients).Select(i => new { chatId = Phone(), name = i % 2 == 0 ? $"Person {i}" : null }).ToList();
        return await CreateAsync(sessionId, list, scheduledAt, message, via);
    }

    public async Task<string> CreateAsync(string sessionId, object recipients, DateTimeOffset? scheduledAt = null, string message = "Hi {{name|friend}}, 10% off",
        FunctionsProcess? via = null) =>
        (await Data(await Send(HttpMethod.Post, "api/v1/broadcasts", new { name = "Test " + Guid.NewGuid().ToString("N")[..6], sessionId, message, recipients, scheduledAt }, via: via),
            HttpStatusCode.Created)).GetProperty("id").GetString()!;

    public Task<JsonElement> BroadcastAsync(string id) => GetAsync($"api/v1/broadcasts/{id}");

    public async Task UntilStatusAsync(string id, string status, TimeSpan? timeout = null)
    {
        try { await Wait.UntilAsync(async () => (await BroadcastAsync(id)).GetProperty("status").GetString() == status, timeout ?? Patience, $"broadcast {id} to be {status}"); }
        catch (TimeoutException e) { throw new TimeoutException(e.Message + " Last state: " + (await BroadcastAsync(id)).GetRawText() + "\n" + App.Process.Output, e); }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            try { await p.DisposeAsync(); }
            catch (InvalidOperationException) { } // already disposed by the test
        }
        if (Collector is not null) await Collector.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
