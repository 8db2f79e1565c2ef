// Broadcast benchmark (not run by test.sh). Starts Azurite (from the repo's node_modules), a counting proxy in front
// of its blob, queue and table endpoints, and the whole local host in this process pointed at the proxies (so the
// Durable Task Framework's own storage work is counted too), with delays set to zero (WA_PACING_ALLOW_FAST). Creates
// B broadcasts of R recipients on one ready number, all scheduled to start together once creation is done, then
// counts every storage request in two phases:
//   1. sending: until every recipient is handed to the engine (message.send enqueued, recipient queued) —
//      sends/s one process sustains and storage operations per send, by service, verb and resource;
//   2. reports: an engine stand-in (outside the proxies) answers each send with message.sent, until every broadcast
//      is completed (every recipient has its outcome) — the operations per send that recording outcomes costs.
// Figures only; asserts nothing. Usage: dotnet run -c Release --project bench/broadcasts -- [broadcasts=10] [recipients=100]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Azure.Data.Tables;
using WaFunctions.Bench;
using WaFunctions.LocalHost;
using WaFunctions.Messages;
using WaFunctions.Sessions;

// The floor, per send, of v1's tick machine (kept for comparison; bench/README.md): read the state (1), claim the
// recipient under its ETag (1), read the day's cap counter (1) and count the send under its ETag (1), enqueue
// message.send (1), enqueue the next tick (1), the tick's receive (1) and delete (1) = 8. The orchestration replaces
// the tick's three queue operations with its own history and queue work, paid per activity.
const int FloorOperationsPerSend = 8;

var broadcasts = args.Length > 0 ? int.Parse(args[0]) : 10;
var recipients = args.Length > 1 ? int.Parse(args[1]) : 100;
var ports = BenchHost.FreePorts(4); // blob, queue and table proxies, app
using var azurite = await Azurite.StartAsync();
{
    var counts = new ConcurrentDictionary<string, long>();
    using var blobProxy = new CountingProxy(ports[0], azurite.BlobPort, "blob", counts);
    using var queueProxy = new CountingProxy(ports[1], azurite.QueuePort, "queue", counts);
    using var tableProxy = new CountingProxy(ports[2], azurite.TablePort, "table", counts);
    const string admin = "lw_live_BenchAdminKey0000000000000000000";
    foreach (var (k, v) in new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionStringFor(ports[0], ports[1], ports[2]), ["WA_PORT"] = $"{ports[3]}", ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
        ["WA_PACING_ALLOW_FAST"] = "true", ["WA_QUEUE_MAX_POLL_MS"] = "100", ["WA_ADMIN_KEY"] = admin, ["WA_RATE_LIMIT_PER_MINUTE"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
    }) Environment.SetEnvironmentVariable(k, v);

    var app = LocalHostBuilder.Build([]);
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[3]}/"), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", admin);
    while (!(await http.GetAsync("api/v1/ready")).IsSuccessStatusCode) await Task.Delay(200);

    var direct = azurite.Storage; // the bench's own reads and the engine stand-in bypass the proxies
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
    async Task<(int Handed, int Completed)> ProgressAsync()
    {
        var (handed, completed) = (0, 0);
        foreach (var id in ids)
        {
            var state = (await table.GetEntityAsync<TableEntity>(id, "state")).Value;
            handed += state.GetInt32("Cursor") ?? 0;
            if (state.GetString("Status") == "completed") completed++;
        }
        return (handed, completed);
    }

    var start = Stopwatch.GetTimestamp();
    for (var handed = 0; handed < total;)
    {
        await Task.Delay(1000);
        (handed, _) = await ProgressAsync();
        Console.WriteLine($"  {Stopwatch.GetElapsedTime(start).TotalSeconds,6:0} s  handed to the engine {handed}/{total}");
    }
    var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var sending = new Dictionary<string, long>(counts);
    counts.Clear();

    // Phase 2: the engine's reports.
    using var stop = new CancellationTokenSource();
    var engine = Task.Run(() => AnswerSendsAsync(direct, stop.Token));
    var reportsStart = Stopwatch.GetTimestamp();
    for (var completed = 0; completed < broadcasts;)
    {
        await Task.Delay(1000);
        (_, completed) = await ProgressAsync();
        Console.WriteLine($"  {Stopwatch.GetElapsedTime(reportsStart).TotalSeconds,6:0} s  completed {completed}/{broadcasts}");
    }
    var reportSeconds = Stopwatch.GetElapsedTime(reportsStart).TotalSeconds;
    stop.Cancel();
    await engine;
    var reporting = new Dictionary<string, long>(counts);
    await app.StopAsync();

    Console.WriteLine();
    Report("sending", sending, sendSeconds, $"floor of v1's tick {FloorOperationsPerSend}");
    Report("reports", reporting, reportSeconds, "");

    void Report(string phase, Dictionary<string, long> ops, double seconds, string floor)
    {
        var sum = ops.Values.Sum();
        Console.WriteLine($"{phase,-9} {total} in {seconds:0.0} s = {total / seconds:0.0}/s (one process); storage operations {sum} = {(double)sum / total:0.00} per send  {floor}");
        foreach (var (k, v) in ops.OrderByDescending(kv => kv.Value).Take(25)) Console.WriteLine($"  {k,-48} {v,8}  {(double)v / total,6:0.00}/send");
    }
}

// The engine-host's part, minimal: each message.send is answered with message.sent, as the engine reports a send.
static async Task AnswerSendsAsync(WaFunctions.Storage.StorageClients storage, CancellationToken ct)
{
    var commands = storage.Queue("engine-commands");
    var events = storage.Queue("engine-events");
    long seq = 0;
    while (!ct.IsCancellationRequested)
    {
        var batch = (await commands.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), CancellationToken.None)).Value;
        if (batch.Length == 0) { try { await Task.Delay(50, ct); } catch (OperationCanceledException) { } continue; }
        await Parallel.ForEachAsync(batch, async (m, _) =>
        {
            using var doc = JsonDocument.Parse(m.MessageText);
            var root = doc.RootElement;
            if (root.GetProperty("type").GetString() == "message.send")
            {
                var session = root.GetProperty("sessionId").GetString()!;
                var data = root.GetProperty("data");
                var cmid = data.GetProperty("clientMessageId").GetString()!;
                await events.SendMessageAsync(JsonSerializer.Serialize(new
                {
                    v = 1, id = Guid.NewGuid().ToString(), type = "message.sent", sessionId = session, at = DateTimeOffset.UtcNow.ToString("O"),
                    seq = Interlocked.Increment(ref seq),
                    data = new { clientMessageId = cmid, messageId = MessageRecord.OutboundId(session, cmid), to = data.GetProperty("to").GetString(), timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() },
                }));
            }
            await commands.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        });
    }
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
