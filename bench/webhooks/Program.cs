// Webhook fan-out benchmark. Starts Azurite (from the repo's node_modules) and the whole app in
// this process, registers three webhooks pointing at three local receivers, records N events
// through IEventOutbox as fast as 8 concurrent writers can, and measures:
//   - events/s recorded, deliveries/s completed (3 per event),
//   - latency from recording an event to its arrival at a receiver (p50/p99),
//   - the floor: one raw queue send + receive + delete against the same Azurite (p50/p99),
// and prints the ratio of delivery latency to the floor.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WaFunctions;
using WaFunctions.Events;
using WaFunctions.Webhooks;
using WaFunctions.Bench;

var events = args.Length > 0 ? int.Parse(args[0]) : 1000;
var root = BenchHost.Root;
var ports = BenchHost.FreePorts(4); // app, three receivers
using var azurite = await Azurite.StartAsync();
{
    var connection = azurite.ConnectionString;
    var env = new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = connection, ["WA_PORT"] = $"{ports[0]}", ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
        ["WA_WEBHOOKS_ALLOW_PRIVATE"] = "true", ["WA_QUEUE_MAX_POLL_MS"] = "100", ["Logging__LogLevel__Default"] = "Warning",
    };
    foreach (var (k, v) in env) Environment.SetEnvironmentVariable(k, v);

    // Floor first, on a quiet Azurite: one raw queue send + receive + delete.
    var floorQueue = WaFunctions.Storage.StorageClients.FromConnectionString(connection).Queue("bench-floor");
    await floorQueue.CreateIfNotExistsAsync();
    var floor = new List<double>();
    for (var i = 0; i < 300; i++)
    {
        var sw = Stopwatch.StartNew();
        await floorQueue.SendMessageAsync("{\"floor\":" + i + "}");
        var got = (await floorQueue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value.Single();
        await floorQueue.DeleteMessageAsync(got.MessageId, got.PopReceipt);
        if (i >= 20) floor.Add(sw.Elapsed.TotalMilliseconds); // after warm-up
    }

    var app = ApiComposition.Build([]);
    await app.StartAsync();
    await Task.Delay(1000); // let start-up create tables and queues before the first write

    var received = new ConcurrentBag<(double LatencyMs, DateTime At)>();
    var receivers = Enumerable.Range(0, 3).Select(i => new Receiver(ports[1 + i], received)).ToList();
    var store = app.Services.GetRequiredService<WebhookStore>();
    foreach (var r in receivers)
        await store.CreateAsync(new Webhook(Webhook.NewId(), r.Url, ["*"], null, "bench", true, null, null, WebhookSigner.NewSecret(), null, null, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), default);

    var outbox = app.Services.GetRequiredService<IEventOutbox>();
    var start = Stopwatch.GetTimestamp();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < events;)
            await outbox.RecordAsync(new DomainEvent($"evt_bench_{i}", "message.received", "bench", DateTimeOffset.UtcNow,
                new { index = i, recordedAt = Stopwatch.GetTimestamp(), text = "benchmark payload" }), default);
    }));
    var recordSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var deadline = DateTime.UtcNow.AddMinutes(10);
    while (received.Count < events * 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
    var deliverSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    await app.StopAsync();

    var latencies = received.Select(r => r.LatencyMs).Order().ToList();
    floor.Sort();
    Console.WriteLine($"events recorded        {events} in {recordSeconds:0.00} s = {events / recordSeconds:0} events/s");
    Console.WriteLine($"deliveries completed   {received.Count} of {events * 3} in {deliverSeconds:0.00} s = {received.Count / deliverSeconds:0} deliveries/s");
    Console.WriteLine($"record → delivery      p50 {BenchHost.P(latencies, 0.5):0.0} ms   p99 {BenchHost.P(latencies, 0.99):0.0} ms");
    Console.WriteLine($"floor send+recv+delete p50 {BenchHost.P(floor, 0.5):0.0} ms   p99 {BenchHost.P(floor, 0.99):0.0} ms");
    Console.WriteLine($"ratio (p50 / floor p50) {BenchHost.P(latencies, 0.5) / BenchHost.P(floor, 0.5):0.0}x   (p99 / floor p99) {BenchHost.P(latencies, 0.99) / BenchHost.P(floor, 0.99):0.0}x");
    foreach (var r in receivers) r.Dispose();
}





/// <summary>A receiver that answers 204 at once and records the latency since the event was recorded.</summary>
sealed class Receiver : IDisposable
{
    private readonly HttpListener _listener = new();
    public string Url { get; }

    public Receiver(int port, ConcurrentBag<(double, DateTime)> received)
    {
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext c;
                try { c = await _listener.GetContextAsync(); } catch { return; }
                using var doc = await JsonDocument.ParseAsync(c.Request.InputStream);
                var recordedAt = doc.RootElement.GetProperty("data").GetProperty("recordedAt").GetInt64();
                received.Add((Stopwatch.GetElapsedTime(recordedAt).TotalMilliseconds, DateTime.UtcNow));
                c.Response.StatusCode = 204;
                c.Response.Close();
            }
        });
    }

    public void Dispose() => _listener.Close();
}
