// Broadcast scheduler benchmark (not run by test.sh). Starts Azurite (from the repo's node_modules), a counting proxy
// in front of its table and queue endpoints, and the whole app in this process pointed at the proxy, with delays set
// to zero (WA_PACING_ALLOW_FAST). Creates B broadcasts of R recipients on one ready number, all scheduled to start
// together once creation is done, then counts every storage request (through the proxy) until all are completed:
//   - storage operations per send, by table/queue and verb (counted, not guessed),
//   - sends per second one functions process sustains,
// and prints them next to the floor: the minimum operations one paced, crash-safe, capped send needs.
// Usage: dotnet run -c Release --project bench/broadcasts -- [broadcasts=100] [recipients=500]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using WaFunctions;
using WaFunctions.Sessions;
using Azure.Data.Tables;
using WaFunctions.Bench;

// The floor, per send: read the broadcast state (1), claim the recipient and advance the cursor under its ETag (1),
// read the day's cap counter (1) and count the send under the counter's ETag (1), enqueue message.send (1), enqueue
// the next tick (1), and the tick's own receive (1) and delete (1). = 8. Anything less loses a guarantee: no ETag
// claim → double sends on racing ticks; no counter read+write → the cap can be exceeded; no tick round trip → no
// durable pacing across processes.
const int FloorOperationsPerSend = 8;

var broadcasts = args.Length > 0 ? int.Parse(args[0]) : 100;
var recipients = args.Length > 1 ? int.Parse(args[1]) : 500;
var root = BenchHost.Root;
var ports = BenchHost.FreePorts(3); // queue proxy, table proxy, app
using var azurite = await Azurite.StartAsync();
{
    var counts = new ConcurrentDictionary<string, long>();
    using var queueProxy = new CountingProxy(ports[0], azurite.QueuePort, "queue", counts);
    using var tableProxy = new CountingProxy(ports[1], azurite.TablePort, "table", counts);
    const string admin = "lw_live_BenchAdminKey0000000000000000000";
    foreach (var (k, v) in new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionStringFor(azurite.BlobPort, ports[0], ports[1]), ["WA_PORT"] = $"{ports[2]}", ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
        ["WA_PACING_ALLOW_FAST"] = "true", ["WA_QUEUE_MAX_POLL_MS"] = "100", ["WA_ADMIN_KEY"] = admin, ["WA_RATE_LIMIT_PER_MINUTE"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
    }) Environment.SetEnvironmentVariable(k, v);

    var app = ApiComposition.Build([]);
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}/"), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", admin);
    while (!(await http.GetAsync("api/v1/ready")).IsSuccessStatusCode) await Task.Delay(200);

    var direct = azurite.Storage; // the bench's own reads bypass the proxy
    var sessions = app.Services.GetRequiredService<SessionStore>();
    var session = await sessions.CreateAsync("bench", default);
    await sessions.ApplyAsync(session.Id, 1, s => s with { Status = Session.Ready, Jid = "15550000000:1@s.whatsapp.net", Phone = "15550000000" }, default);
    (await http.PatchAsJsonAsync($"api/v1/sessions/{session.Id}/pacing", new
    {
        minDelaySeconds = 0, maxDelaySeconds = 0, dailyCap = 100_000, quietHours = new { enabled = false }, warmup = new { enabled = false }, typing = false,
    })).EnsureSuccessStatusCode();

    // Creation: all broadcasts start at the same moment, after every one is stored.
    var createSeconds = Math.Max(5, broadcasts * recipients / 1500.0);
    var startAt = DateTimeOffset.UtcNow.AddSeconds(createSeconds);
    var ids = new ConcurrentBag<string>();
    var sw = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, broadcasts), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) =>
    {
        var list = Enumerable.Range(0, recipients).Select(i => new { chatId = $"49{b:D4}{i:D7}", name = $"R{i}" });
        var response = await http.PostAsJsonAsync("api/v1/broadcasts", new { name = $"bench {b}", sessionId = session.Id, message = "Hi {{name}}", recipients = list, scheduledAt = startAt }, ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        ids.Add(doc.RootElement.GetProperty("data").GetProperty("id").GetString()!);
    });
    Console.WriteLine($"created {broadcasts} × {recipients} in {sw.Elapsed.TotalSeconds:0.0} s; sending starts at {startAt:HH:mm:ss}");
    if (DateTimeOffset.UtcNow > startAt) Console.WriteLine("WARNING: creation overran the start; counts include creation traffic.");
    while (DateTimeOffset.UtcNow < startAt) await Task.Delay(20);
    counts.Clear();

    var table = direct.Table("broadcasts");
    var total = broadcasts * recipients;
    var start = Stopwatch.GetTimestamp();
    var done = 0;
    while (done < broadcasts)
    {
        await Task.Delay(1000);
        done = 0;
        foreach (var id in ids)
            if ((await table.GetEntityAsync<TableEntity>(id, "state")).Value.GetString("Status") == "completed") done++;
        var sent = counts.GetValueOrDefault("queue POST engine-commands");
        Console.WriteLine($"  {Stopwatch.GetElapsedTime(start).TotalSeconds,6:0} s  completed {done}/{broadcasts}  sends {sent}/{total}");
    }
    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var ops = counts.Values.Sum();
    await app.StopAsync();

    Console.WriteLine();
    Console.WriteLine($"sends                 {total} in {seconds:0.0} s = {total / seconds:0.0} sends/s (one process)");
    Console.WriteLine($"storage operations    {ops} = {(double)ops / total:0.00} per send   floor {FloorOperationsPerSend}   ratio {(double)ops / total / FloorOperationsPerSend:0.00}x");
    foreach (var (k, v) in counts.OrderByDescending(kv => kv.Value)) Console.WriteLine($"  {k,-40} {v,8}  {(double)v / total,6:0.00}/send");
}




/// <summary>
/// Forwards every request to Azurite unchanged (Shared Key signs the path, not the host, so signatures stay valid) and
/// counts it as "service VERB resource", e.g. "table PUT broadcasts" or "queue GET broadcast-ticks".
/// </summary>
sealed class CountingProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length" };
    private readonly HttpListener _listener = new();
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false, AllowAutoRedirect = false });

    public CountingProxy(int port, int target, string service, ConcurrentDictionary<string, long> counts)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext c;
                try { c = await _listener.GetContextAsync(); } catch { return; }
                _ = Task.Run(() => ForwardAsync(c, target, service, counts));
            }
        });
    }

    private async Task ForwardAsync(HttpListenerContext c, int target, string service, ConcurrentDictionary<string, long> counts)
    {
        try
        {
            var path = c.Request.RawUrl!;
            var segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var resource = segments.Length > 1 ? segments[1].Split('(')[0] : "(account)";
            counts.AddOrUpdate($"{service} {c.Request.HttpMethod} {resource}", 1, (_, n) => n + 1);
            using var request = new HttpRequestMessage(new HttpMethod(c.Request.HttpMethod), $"http://127.0.0.1:{target}{path}");
            var body = new MemoryStream();
            await c.Request.InputStream.CopyToAsync(body);
            if (body.Length > 0 || c.Request.HttpMethod is "POST" or "PUT" or "PATCH" or "MERGE") request.Content = new ByteArrayContent(body.ToArray());
            foreach (var name in c.Request.Headers.AllKeys)
            {
                if (name is null || HopByHop.Contains(name)) continue;
                var value = c.Request.Headers[name]!;
                if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await _client.SendAsync(request);
            c.Response.StatusCode = (int)response.StatusCode;
            foreach (var h in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(h.Key)) c.Response.Headers[h.Key] = string.Join(",", h.Value);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            c.Response.ContentLength64 = bytes.Length;
            await c.Response.OutputStream.WriteAsync(bytes);
            c.Response.Close();
        }
        catch (Exception) { try { c.Response.Abort(); } catch (Exception) { } }
    }

    public void Dispose()
    {
        _listener.Close();
        _client.Dispose();
    }
}
