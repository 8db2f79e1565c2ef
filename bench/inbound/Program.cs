// Inbound benchmark, two parts, each on a fresh Azurite + functions app + engine-host (simulator):
//  1. throughput: one linked session; a burst of N `sim.inbound` commands across C chats enqueued straight
//     on engine-commands; time from the first enqueue until every message is stored and readable
//     (chat summaries count them all, then GET /chats/{id}/messages returns every one), messages/s.
//  2. memory: engine-host VmRSS with 0 sessions (baseline) and with 1, 50 and 200 linked simulated sessions.
//  3. pipeline (--pipeline): the functions app's capacity, not the injection rate: N message.received events are
//     preloaded on engine-events before the app starts; from the moment it is ready, time until every message is
//     counted in its chat, messages/s, next to the floor: the minimal storage work per message (queue receive and
//     delete, message row insert, history upsert, chat read and transaction) done directly at the same concurrency.
// Prints figures; asserts nothing.
//
//   dotnet build -c Release functions && (cd engine-host && npm run build) && dotnet run -c Release --project bench/inbound -- [messages=5000] [chats=50]
//   add --throughput-only, --memory-only or --pipeline to run one part.
using System.Diagnostics;
using WaFunctions.Bench;

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var messages = positional.Length > 0 ? int.Parse(positional[0]) : 5000;
var chats = positional.Length > 1 ? int.Parse(positional[1]) : 50;
if (!File.Exists(Path.Combine(BenchHost.Root, "engine-host", "dist", "src", "index.js")))
    throw new FileNotFoundException("Build the engine-host first: cd engine-host && npm ci && npm run build");
Console.WriteLine($"{Environment.ProcessorCount} cores; app, engine-host, Azurite and this driver share them");

if (args.Contains("--pipeline")) { await PipelineAsync(messages, chats); return; }
if (!args.Contains("--memory-only")) await ThroughputAsync(messages, chats);
if (!args.Contains("--throughput-only")) await MemoryAsync([1, 50, 200]);

static async Task PipelineAsync(int messages, int chats)
{
    using var azurite = await Azurite.StartAsync();
    const string session = "npipe01";
    var events = azurite.Storage.Queue("engine-events");
    await events.CreateIfNotExistsAsync();
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    string Event(int i) => System.Text.Json.JsonSerializer.Serialize(new
    {
        v = 1, id = Guid.NewGuid().ToString(), type = "message.received", sessionId = session, at = DateTimeOffset.UtcNow.ToString("O"), seq = i + 1,
        data = new { message = new { id = $"PIPE{i:D12}", chatId = $"4917{i % chats:D9}@s.whatsapp.net", from = $"4917{i % chats:D9}@s.whatsapp.net",
            pushName = $"Sender {i % chats}", fromMe = false, isGroup = false, timestamp = now, type = "text", body = $"Pipeline message {i}", mentions = Array.Empty<string>(), viewOnce = false } },
    });
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < messages;) await events.SendMessageAsync(Event(i));
    })));
    // The chats list answers 404 for a number it does not know, so the number must exist before the probe can count.
    await BenchSessions.ReadyAsync(azurite.Storage, session);
    Console.WriteLine($"preloaded {messages} message.received events across {chats} chats on engine-events");

    double seconds;
    using (var app = await AppProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string> { ["WA_RATE_LIMIT_PER_MINUTE"] = "100000" }))
    {
        var clock = Stopwatch.StartNew();
        await BenchHost.UntilAsync(async () =>
        {
            try
            {
                var list = await app.JsonAsync(HttpMethod.Get, $"api/v1/chats?sessionId={session}&limit={chats}", BenchHost.AdminKey);
                return list.GetProperty("data").EnumerateArray().Sum(c => c.GetProperty("unreadCount").GetInt32()) >= messages;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("401")) { return false; } // the admin key is registered a moment after ready
        }, TimeSpan.FromMinutes(30), "every preloaded message to be counted", 250);
        seconds = clock.Elapsed.TotalSeconds;
    }

    // The floor: per message the storage work no handler can skip, on a queue and tables of its own, 16 at a time.
    var floorQueue = azurite.Storage.Queue("bench-floor");
    await floorQueue.CreateIfNotExistsAsync();
    next = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < messages;) await floorQueue.SendMessageAsync(Event(i));
    })));
    var byId = azurite.Storage.Table("floormessages");
    var history = azurite.Storage.Table("floorhistory");
    var chatTable = azurite.Storage.Table("floorchats");
    foreach (var t in new[] { byId, history, chatTable }) await t.CreateIfNotExistsAsync();
    var floorClock = Stopwatch.StartNew();
    var handled = 0;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
    {
        while (Volatile.Read(ref handled) < messages)
        {
            var batch = (await floorQueue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value;
            foreach (var m in batch)
            {
                var n = Interlocked.Increment(ref handled) - 1;
                var chat = $"c{n % chats}";
                await byId.AddEntityAsync(new Azure.Data.Tables.TableEntity($"m{n}", session) { ["Body"] = m.MessageText.Length });
                await history.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(chat, $"{n:D10}") { ["Body"] = "x" });
                var row = await chatTable.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(session, chat);
                await chatTable.SubmitTransactionAsync([new(Azure.Data.Tables.TableTransactionActionType.UpsertReplace,
                    new Azure.Data.Tables.TableEntity(session, chat) { ["Unread"] = (row.HasValue ? row.Value!.GetInt32("Unread") ?? 0 : 0) + 1 })]);
                await floorQueue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
    })));
    var floorSeconds = floorClock.Elapsed.TotalSeconds;
    Console.WriteLine($"pipeline: {messages} preloaded events drained and counted in {seconds:0.0} s = {messages / seconds:0} messages/s");
    Console.WriteLine($"floor:    the same count through 6 raw storage operations each in {floorSeconds:0.0} s = {messages / floorSeconds:0} messages/s");
    Console.WriteLine($"ratio:    {seconds / floorSeconds:0.00}x the floor's time");
}

static async Task ThroughputAsync(int messages, int chats)
{
    using var stack = await Stack.StartAsync();
    var session = (await stack.LinkSessionsAsync(1))[0];
    var numbers = Enumerable.Range(0, chats).Select(i => $"4917{i + 1:D9}").ToList();
    var commands = stack.Queue("engine-commands");

    // Floor: the same number of raw queue sends at the same 16-way concurrency onto a queue nobody reads.
    var floorQueue = stack.Queue("bench-floor");
    await floorQueue.CreateIfNotExistsAsync();
    var floorClock = Stopwatch.StartNew();
    var floorNext = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref floorNext)) < messages;)
            await floorQueue.SendMessageAsync(Stack.InboundCommand(session, numbers[i % chats], $"Inbound benchmark message {i}", $"Sender {i % chats}"));
    })));
    var floorSeconds = floorClock.Elapsed.TotalSeconds;
    // Azurite's queue operations slow down with the number of messages stored in ANY queue of the account:
    // left in place, these 5,000 would slow the burst below roughly tenfold.
    await floorQueue.DeleteIfExistsAsync();
    var engineEvents = stack.Queue("engine-events");

    var clock = Stopwatch.StartNew();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < messages;)
            await commands.SendMessageAsync(Stack.InboundCommand(session, numbers[i % chats], $"Inbound benchmark message {i}", $"Sender {i % chats}"));
    })));
    var enqueued = clock.Elapsed.TotalSeconds;

    // Progress from one cheap request: each stored inbound message adds 1 to its chat's unreadCount, after its
    // history row was written. The queue depths show where the backlog sits.
    double? commandsDrained = null, eventsDrained = null;
    var lastReport = 0.0;
    await BenchHost.UntilAsync(async () =>
    {
        var list = await stack.Api(HttpMethod.Get, $"api/v1/chats?sessionId={session}&limit={chats}");
        var counted = list.GetProperty("data").EnumerateArray().Sum(c => c.GetProperty("unreadCount").GetInt32());
        var pendingCommands = (await commands.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var pendingEvents = (await engineEvents.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        if (pendingCommands == 0) commandsDrained ??= clock.Elapsed.TotalSeconds;
        if (pendingEvents == 0 && commandsDrained is not null) eventsDrained ??= clock.Elapsed.TotalSeconds;
        if (clock.Elapsed.TotalSeconds - lastReport >= 10)
        {
            lastReport = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"  {lastReport,5:0} s: {counted} stored, engine-commands ~{pendingCommands}, engine-events ~{pendingEvents}");
        }
        return counted >= messages;
    }, TimeSpan.FromMinutes(30), "every inbound message to be counted", 250);
    var counted = clock.Elapsed.TotalSeconds;

    // Readable: every chat's history returns all its messages.
    var readable = 0;
    foreach (var number in numbers)
        readable += (await stack.Api(HttpMethod.Get, $"api/v1/chats/{number}@s.whatsapp.net/messages?sessionId={session}&limit=1000"))
            .GetProperty("data").GetArrayLength();
    var total = clock.Elapsed.TotalSeconds;

    Console.WriteLine($"inbound burst: {messages} messages across {chats} chats of 1 session");
    Console.WriteLine($"  enqueued on engine-commands in  {enqueued,7:0.00} s ({messages / enqueued:0} commands/s, 16 senders)");
    Console.WriteLine($"  engine-commands drained at     ~{commandsDrained,7:0.00} s (engine-host consumed every command)");
    Console.WriteLine($"  engine-events drained at       ~{eventsDrained,7:0.00} s");
    Console.WriteLine($"  all counted in chat summaries  {counted,7:0.00} s");
    Console.WriteLine($"  all read back ({readable} rows)   {total,7:0.00} s  =>  {messages / total:0} messages/s end to end");
    Console.WriteLine($"  floor: {messages} raw queue sends alone  {floorSeconds,7:0.00} s ({messages / floorSeconds:0}/s); end to end takes {total / floorSeconds:0.0}x as long");
}

static async Task MemoryAsync(int[] steps)
{
    using var stack = await Stack.StartAsync();
    // Idle engine-host: let it finish starting (tables, polling) and collect its start-up garbage before the baseline.
    await BenchHost.UntilAsync(async () => (await stack.Queue("engine-commands").GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
        TimeSpan.FromSeconds(30), "the engine-host to poll");
    var (baseline, low, high) = await SettledRssAsync(stack.Engine.Pid, settleSeconds: 20);
    Console.WriteLine($"engine-host RSS, {0,3} sessions: {Mib(baseline),6:0.0} MiB (samples {Mib(low):0.0}–{Mib(high):0.0}) baseline");
    var (linked, previous, first) = (0, baseline, 0L);
    foreach (var target in steps)
    {
        var clock = Stopwatch.StartNew();
        await stack.LinkSessionsAsync(target - linked);
        var linkSeconds = clock.Elapsed.TotalSeconds;
        var (rss, min, max) = await SettledRssAsync(stack.Engine.Pid, settleSeconds: 10);
        Console.WriteLine($"engine-host RSS, {target,3} sessions: {Mib(rss),6:0.0} MiB (samples {Mib(min):0.0}–{Mib(max):0.0})  " +
            $"(RSS - baseline)/sessions = {(rss - baseline) / (double)target,5:0} KiB  marginal since {linked}: {(rss - previous) / (double)(target - linked),5:0} KiB/session  " +
            $"[{target - linked} linked in {linkSeconds:0.0} s]");
        if (linked == 0) first = rss;
        (linked, previous) = (target, rss);
    }
    // The idle baseline still holds start-up garbage that the first session's activity lets V8 collect, so the
    // slope between the first and the last step is the steadier per-session figure.
    Console.WriteLine($"slope (RSS at {steps[^1]} - RSS at {steps[0]}) / {steps[^1] - steps[0]} = {(previous - first) / (double)(steps[^1] - steps[0]):0} KiB per session");
}

static double Mib(long kib) => kib / 1024.0;

// Median (and range) of 20 samples over 10 s, taken after a quiet period (a measurement settle time, not synchronisation).
static async Task<(long Median, long Min, long Max)> SettledRssAsync(int pid, int settleSeconds)
{
    await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
    var samples = new List<long>();
    for (var i = 0; i < 20; i++)
    {
        samples.Add(BenchHost.RssKiB(pid));
        await Task.Delay(500);
    }
    samples.Sort();
    return (samples[samples.Count / 2], samples[0], samples[^1]);
}
