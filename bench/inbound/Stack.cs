using Azure.Storage.Queues;
using System.Text.Json;

namespace WaFunctions.Bench;

/// <summary>
/// A fresh Azurite, the Release-built functions app and the engine-host (<c>WA_ENGINE=simulator</c>), all
/// with their default polling settings, as in EndToEndTests but without the fast-queue overrides.
/// The app's default per-key budget is raised (<c>WA_RATE_LIMIT_PER_MINUTE</c>) so the admin key can
/// drive hundreds of sessions; the benchmark traffic itself goes straight onto the queue.
/// </summary>
internal sealed class Stack : IDisposable
{
    public required Azurite Azurite { get; init; }
    public required AppProcess App { get; init; }
    public required Child Engine { get; init; }

    public static async Task<Stack> StartAsync()
    {
        var azurite = await Azurite.StartAsync();
        var app = await AppProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["WA_ENGINE"] = "simulator", ["WA_RATE_LIMIT_PER_MINUTE"] = "100000",
        });
        await BenchHost.UntilAsync(async () => (await app.Http.SendAsync(app.Request(HttpMethod.Get, "api/v1/health", BenchHost.AdminKey))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the admin key to be registered");
        var engine = new Child("node", [Path.Combine(BenchHost.Root, "engine-host", "dist", "src", "index.js")], new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString, ["WA_ENGINE"] = "simulator",
            ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json", ["WA_LOG_LEVEL"] = "warn",
        }, Path.Combine(BenchHost.Root, "engine-host"));
        return new Stack { Azurite = azurite, App = app, Engine = engine };
    }

    public Task<JsonElement> Api(HttpMethod method, string path, object? body = null)
    {
        if (Engine.HasExited) throw new InvalidOperationException("The engine-host exited:\n" + Engine.Tail);
        return App.JsonAsync(method, path, BenchHost.AdminKey, body);
    }

    /// <summary>Status per session id; "qr" for any session with a QR on offer.</summary>
    public async Task<Dictionary<string, string>> SessionStatusesAsync() =>
        (await Api(HttpMethod.Get, "api/v1/sessions")).GetProperty("data").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!,
                s => s.GetProperty("qrAvailable").GetBoolean() && s.GetProperty("status").GetString() != "ready" ? "qr" : s.GetProperty("status").GetString()!);

    /// <summary>
    /// Creates <paramref name="count"/> sessions through the API, connects them, waits for their QR, scans
    /// them (dev endpoint → <c>sim.scan</c>) and waits until every one is <c>ready</c>.
    /// </summary>
    public async Task<List<string>> LinkSessionsAsync(int count)
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var id = (await Api(HttpMethod.Post, "api/v1/sessions", new { name = $"bench {Guid.NewGuid():N}"[..20] })).GetProperty("data").GetProperty("id").GetString()!;
            await Api(HttpMethod.Post, $"api/v1/sessions/{id}/connect", new { });
            ids.Add(id);
        });
        await BenchHost.UntilAsync(async () => { var s = await SessionStatusesAsync(); return ids.All(id => s.GetValueOrDefault(id) == "qr"); },
            TimeSpan.FromMinutes(5), $"{count} QR codes", 250);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
            await Api(HttpMethod.Post, $"api/v1/dev/sessions/{id}/scan", new { }));
        await BenchHost.UntilAsync(async () => { var s = await SessionStatusesAsync(); return ids.All(id => s.GetValueOrDefault(id) == "ready"); },
            TimeSpan.FromMinutes(5), $"{count} sessions ready", 250);
        return [.. ids];
    }

    /// <summary>One <c>sim.inbound</c> command, enqueued directly on <c>engine-commands</c> as the app would send it.</summary>
    public static string InboundCommand(string sessionId, string from, string text, string name) => JsonSerializer.Serialize(new
    {
        v = 1, id = Guid.NewGuid().ToString(), type = "sim.inbound", sessionId,
        at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        data = new { from, text, name },
    });

    public QueueClient Queue(string name) => Azurite.Storage.Queue(name);

    public void Dispose()
    {
        Engine.Dispose();
        App.Dispose();
        Azurite.Dispose();
    }
}
