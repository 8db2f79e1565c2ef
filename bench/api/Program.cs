// API benchmark: requests/s and p50/p99 latency of four endpoints of the Release-built functions app
// (a separate process) against Azurite on this machine, next to the floor — the same raw Azurite round
// trips those requests need (see Floor.cs for the counts), issued directly with the storage clients at
// the same concurrency — and the ratio. Prints figures; asserts nothing.
//
//   dotnet build -c Release functions && dotnet run -c Release --project bench/api -- [requests=2000] [concurrency=8] [--key-per-worker] [--only=health,contacts] [--warmup=seconds]
//
// --only picks endpoints by a word of their name (health, contacts, messages, chats); the chats are seeded only
// when the chats list is measured, which saves a minute when profiling one of the others.
// --key-per-worker gives every worker its own key: the app counts one key's requests one at a time per
// process (RateLimiter's per-key turn), so with one shared key the rate-limit update is serialised.
using System.Diagnostics;
using System.Net;
using WaFunctions.Bench;

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var requests = positional.Length > 0 ? int.Parse(positional[0]) : 2000;
var concurrency = positional.Length > 1 ? int.Parse(positional[1]) : 8;
var keyPerWorker = args.Contains("--key-per-worker");
var only = args.FirstOrDefault(a => a.StartsWith("--only=", StringComparison.Ordinal))?["--only=".Length..].Split(',');
bool Measured(string endpoint) => only is null || only.Any(word => endpoint.Contains(word, StringComparison.OrdinalIgnoreCase));
// Warm-up is timed, not counted: the JIT's tiering recompiles the hot paths of both processes during the first seconds
// of load, and until it settles the app's share of two cores goes partly to the compiler. With a warm-up of 200 requests
// GET /health measured 1.8-2.6x its floor at p50; after 10,000 (about 10 s) 1.0x, on the same build, minutes apart.
var warmup = TimeSpan.FromSeconds(args.FirstOrDefault(a => a.StartsWith("--warmup=", StringComparison.Ordinal)) is { } w ? int.Parse(w["--warmup=".Length..]) : 20);
const int ChatCount = 10_000;

using var azurite = await Azurite.StartAsync();
using var app = await AppProcess.StartAsync(azurite.ConnectionString);

// Keys with a budget far above what this run can spend (100,000/min is the API's maximum).
await BenchHost.UntilAsync(async () => (await app.Http.SendAsync(app.Request(HttpMethod.Get, "api/v1/health", BenchHost.AdminKey))).IsSuccessStatusCode,
    TimeSpan.FromSeconds(30), "the admin key to be registered");
var keys = new List<string>();
for (var i = 0; i < (keyPerWorker ? concurrency : 1); i++)
{
    var created = await app.JsonAsync(HttpMethod.Post, "api/v1/api-keys", BenchHost.AdminKey,
        new { name = $"bench {i}", scopes = new[] { "contacts:write", "messages:write", "chats:read" }, rateLimitPerMinute = 100_000 });
    keys.Add(created.GetProperty("data").GetProperty("key").GetString()!);
}

var seedClock = Stopwatch.StartNew();
await Seed.SessionAsync(azurite.Storage);
var chatCount = Measured("GET /chats") ? ChatCount : 0;
if (chatCount > 0)
{
    await Seed.ChatsAsync(azurite.ConnectionString, chatCount);
    var check = await app.JsonAsync(HttpMethod.Get, "api/v1/chats?limit=50", keys[0]);
    if (check.GetProperty("data").GetArrayLength() != 50 || check.GetProperty("nextCursor").ValueKind != System.Text.Json.JsonValueKind.String)
        throw new InvalidOperationException("The seeded chats do not read back as a full page: " + check);
}
// A new number is capped by the warm-up ramp (20 sends on day 0): lift the cap so POST /messages measures sends, not 429s.
await app.JsonAsync(HttpMethod.Patch, $"api/v1/sessions/{Seed.SessionId}/pacing", BenchHost.AdminKey,
    new { dailyCap = 100_000, warmup = new { enabled = false } });
Console.WriteLine($"seeded 1 ready session (no send cap) + {chatCount} chats ({2 * chatCount} rows) in {seedClock.Elapsed.TotalSeconds:0.0} s");

var floor = new Floor(azurite.Storage, concurrency);
await floor.InitAsync();

var contactSeq = 0;
var endpoints = new (string Name, HttpStatusCode Expected, Func<string, HttpRequestMessage> Make)[]
{
    ("GET /health", HttpStatusCode.OK, k => app.Request(HttpMethod.Get, "api/v1/health", k)),
    ("POST /contacts", HttpStatusCode.Created, k => app.Request(HttpMethod.Post, "api/v1/contacts", k,
        new { name = "Bench contact", phone = $"+4915{Interlocked.Increment(ref contactSeq):D9}" })),
    ("POST /messages", HttpStatusCode.Accepted, k => app.Request(HttpMethod.Post, "api/v1/messages", k,
        new { to = "+4917012345678", text = "Benchmark message" })),
    ("GET /chats?limit=50", HttpStatusCode.OK, k => app.Request(HttpMethod.Get, "api/v1/chats?limit=50", k)),
};

Console.WriteLine($"{requests} requests per endpoint after {warmup.TotalSeconds:0} s of warm-up, concurrency {concurrency}, " +
    (keyPerWorker ? $"{concurrency} keys (one per worker)" : "1 key") + $", {Environment.ProcessorCount} cores");
Console.WriteLine($"{"endpoint",-20} {"trips",5} | {"app req/s",9} {"p50 ms",7} {"p99 ms",7} | {"floor req/s",11} {"p50 ms",7} {"p99 ms",7} | {"ratio p50",9} {"p99",6} {"req/s",6}");
foreach (var (name, expected, make) in endpoints.Where(e => Measured(e.Name)))
{
    var errors = 0;
    string? firstError = null;
    async Task AppRequest(int worker)
    {
        using var response = await app.Http.SendAsync(make(keys[worker % keys.Count]));
        if (response.StatusCode != expected && Interlocked.Increment(ref errors) == 1)
            firstError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        else await response.Content.CopyToAsync(Stream.Null);
    }
    await floor.EmptyQueuesAsync();
    await WarmAsync(warmup, concurrency, AppRequest);
    var (appRate, appLat) = await RunAsync(requests, concurrency, AppRequest);
    // Figures of error answers measure nothing: stop loudly instead of printing them.
    if (errors > 0) throw new InvalidOperationException($"{name}: {errors} unexpected answers (expected {(int)expected}); first: {firstError}");
    var floorRequest = floor.For(name);
    await floor.EmptyQueuesAsync();
    await WarmAsync(warmup, concurrency, floorRequest);
    var (floorRate, floorLat) = await RunAsync(requests, concurrency, floorRequest);
    Console.WriteLine($"{name,-20} {Floor.RoundTrips[name],5} | {appRate,9:0} {BenchHost.P(appLat, 0.5),7:0.0} {BenchHost.P(appLat, 0.99),7:0.0} | " +
        $"{floorRate,11:0} {BenchHost.P(floorLat, 0.5),7:0.0} {BenchHost.P(floorLat, 0.99),7:0.0} | " +
        $"{BenchHost.P(appLat, 0.5) / BenchHost.P(floorLat, 0.5),8:0.0}x {BenchHost.P(appLat, 0.99) / BenchHost.P(floorLat, 0.99),5:0.0}x {floorRate / appRate,5:0.0}x");
}
Console.WriteLine("ratio = app / floor for latency, floor / app for req/s (1.0x = the app adds nothing over its storage round trips)");

// op in `workers` loops until `duration` has passed.
static Task WarmAsync(TimeSpan duration, int workers, Func<int, Task> op)
{
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    return Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        while (Stopwatch.GetTimestamp() < until) await op(w);
    })));
}

// N calls of op spread over `workers` loops; returns calls/s and the sorted latencies in ms.
static async Task<(double Rate, List<double> LatenciesMs)> RunAsync(int n, int workers, Func<int, Task> op)
{
    var latencies = new double[n];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < n;)
        {
            var start = Stopwatch.GetTimestamp();
            await op(w);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    })));
    var seconds = clock.Elapsed.TotalSeconds;
    return (n / seconds, latencies.Order().ToList());
}
