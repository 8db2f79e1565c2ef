// Media benchmark: upload + send of a 5 MiB image through the public API of the Release-built app (a separate
// process) with one engine-host (simulator) on a fresh Azurite, next to the floor of one 5 MiB blob upload + one
// queue send against the same Azurite. Per round, one after another on one linked session:
//   (a) POST /api/v1/media, the raw bytes as image/jpeg → 201 (upload)
//   (b) POST /api/v1/messages { to, image: { mediaId } } → 202 (upload + 202, from the start of (a))
//   (c) GET /api/v1/messages/{id}?sessionId= every 100 ms until its status is `sent` or later (to sent, from the start of (a))
// and then, in the same round after the app has settled, the floor with the app's own storage clients: one blob upload
// of the same 5 MiB (one Put Blob) + one queue send of a message.send-sized command. One warm-up round of each is not
// counted. Any unexpected answer throws. Prints figures; asserts nothing.
//
//   source scripts/install.sh; install_all Release     # Azurite, engine-host, app (once)
//   dotnet run -c Release --project bench/media -- [rounds=20]
//   WA_QUEUE_MAX_POLL_MS=50 WA_POLL_MAX_MS=50 dotnet run -c Release --project bench/media    # idle queues polled every 50 ms
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using WaFunctions.Bench;

var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
const int Size = 5 * 1024 * 1024; // 5 MiB: WhatsApp's largest image (MediaRules), accepted for kind image
const int PollMs = 100;
const string To = "+4917012345678";
string[] sentOrLater = ["sent", "delivered", "read", "played"];

if (!File.Exists(Path.Combine(BenchHost.Root, "engine-host", "dist", "src", "index.js")))
    throw new FileNotFoundException("Build the engine-host first: source scripts/install.sh; install_all Release");
var loadAtStart = File.ReadAllText("/proc/loadavg").Trim();
var azuriteVersion = JsonDocument.Parse(File.ReadAllText(Path.Combine(BenchHost.Root, "node_modules", "azurite", "package.json")))
    .RootElement.GetProperty("version").GetString();
Console.WriteLine($"{Environment.ProcessorCount} cores; Azurite {azuriteVersion}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; " +
    "app, engine-host, Azurite and this driver share them");
Console.WriteLine($"load average at start: {loadAtStart}");
// The app and the engine-host inherit this process's environment: WA_QUEUE_MAX_POLL_MS (app) and WA_POLL_MAX_MS
// (engine-host) cap how long an idle queue goes unpolled (both 1000 ms by default), part of the time to `sent`.
foreach (var name in new[] { "WA_QUEUE_MAX_POLL_MS", "WA_POLL_MAX_MS" })
    Console.WriteLine($"{name} = {Environment.GetEnvironmentVariable(name) ?? "(default, 1000)"}");

using var stack = await Stack.StartAsync();
var session = (await stack.LinkSessionsAsync(1))[0];
await stack.Api(HttpMethod.Patch, $"api/v1/sessions/{session}/pacing", new { dailyCap = 100_000, warmup = new { enabled = false } });
Console.WriteLine($"session {session} ready; {rounds} rounds of {Size} bytes (+1 warm-up), status polled every {PollMs} ms");

// The floor's storage: the app's own clients (same SDK and options) on the same Azurite, a container and queue of its own.
var floorContainer = stack.Azurite.Storage.Container("bench-floor");
await floorContainer.CreateIfNotExistsAsync();
var floorQueue = stack.Queue("bench-floor");
await floorQueue.CreateIfNotExistsAsync();

var (upload, accepted, toSent) = (new List<double>(), new List<double>(), new List<double>());
var (floorBlob, floorTotal, staged, download) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
for (var round = 0; round <= rounds; round++)
{
    // A fresh payload per round, made before the clock starts: random bytes behind a JPEG header (MediaRules.Sniff).
    var payload = new byte[Size];
    RandomNumberGenerator.Fill(payload);
    ReadOnlySpan<byte> header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
    header.CopyTo(payload);
    var sha256 = Convert.ToHexStringLower(SHA256.HashData(payload));

    var app = await AppRoundAsync(payload, sha256);
    // Let the simulator's receipts (delivered at +300 ms, read at +1 s) and the app's handling of them pass.
    await Task.Delay(2500);
    var floor = await FloorRoundAsync(payload, round);
    var line = $"app: upload {app.Upload,6:0} ms  +202 {app.Accepted,6:0} ms  sent {app.Sent,6:0} ms   " +
        $"floor: blob {floor.Blob,5:0} ms  +queue {floor.Total,5:0} ms   (2 blocks + commit {floor.Staged,5:0} ms, download {floor.Download,5:0} ms)";
    if (round == 0) { Console.WriteLine($"warm-up   {line}"); continue; }
    Console.WriteLine($"round {round,3} {line}");
    upload.Add(app.Upload); accepted.Add(app.Accepted); toSent.Add(app.Sent);
    floorBlob.Add(floor.Blob); floorTotal.Add(floor.Total); staged.Add(floor.Staged); download.Add(floor.Download);
}
var loadAtEnd = File.ReadAllText("/proc/loadavg").Trim();

foreach (var list in new[] { upload, accepted, toSent, floorBlob, floorTotal, staged, download }) list.Sort();
static string Row(string name, List<double> s) =>
    $"  {name,-48} p50 {BenchHost.P(s, 0.5),7:0} ms   p95 {BenchHost.P(s, 0.95),7:0} ms   max {s[^1],7:0} ms";
Console.WriteLine();
Console.WriteLine($"{rounds} rounds, {Size} bytes (5 MiB) per image:");
Console.WriteLine(Row("app: upload (POST /media → 201)", upload));
Console.WriteLine(Row("app: upload + send (→ 202)", accepted));
Console.WriteLine(Row("app: upload + send until status `sent`", toSent));
Console.WriteLine(Row("floor: one blob upload (Put Blob)", floorBlob));
Console.WriteLine(Row("floor: one blob upload + one queue send", floorTotal));
Console.WriteLine(Row("reference: 2 staged blocks + commit (app's way)", staged));
Console.WriteLine(Row("reference: one blob download (engine's read)", download));
Console.WriteLine($"ratio upload + 202 ÷ floor: p50 {BenchHost.P(accepted, 0.5) / BenchHost.P(floorTotal, 0.5):0.00}x   " +
    $"p95 {BenchHost.P(accepted, 0.95) / BenchHost.P(floorTotal, 0.95):0.00}x");
Console.WriteLine($"ratio until sent ÷ floor:    p50 {BenchHost.P(toSent, 0.5) / BenchHost.P(floorTotal, 0.5):0.00}x   " +
    $"p95 {BenchHost.P(toSent, 0.95) / BenchHost.P(floorTotal, 0.95):0.00}x");
Console.WriteLine($"load average at start: {loadAtStart}");
Console.WriteLine($"load average at end:   {loadAtEnd}");

// (a), (b), (c) of one round: milliseconds from the start of the upload.
async Task<(double Upload, double Accepted, double Sent)> AppRoundAsync(byte[] payload, string sha256)
{
    var clock = Stopwatch.StartNew();
    var request = stack.App.Request(HttpMethod.Post, "api/v1/media", BenchHost.AdminKey);
    request.Content = new ByteArrayContent(payload);
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
    var file = (await ExpectAsync(request, HttpStatusCode.Created)).GetProperty("data");
    var uploadMs = clock.Elapsed.TotalMilliseconds;
    if (file.GetProperty("size").GetInt64() != payload.Length || file.GetProperty("sha256").GetString() != sha256 || file.GetProperty("mimetype").GetString() != "image/jpeg")
        throw new InvalidOperationException("POST /media stored something else: " + file);

    var sent = await ExpectAsync(stack.App.Request(HttpMethod.Post, "api/v1/messages", BenchHost.AdminKey,
        new { to = To, image = new { mediaId = file.GetProperty("id").GetString() } }), HttpStatusCode.Accepted);
    var acceptedMs = clock.Elapsed.TotalMilliseconds;
    var id = sent.GetProperty("id").GetString()!;

    while (true)
    {
        var m = (await ExpectAsync(stack.App.Request(HttpMethod.Get, $"api/v1/messages/{Uri.EscapeDataString(id)}?sessionId={session}", BenchHost.AdminKey),
            HttpStatusCode.OK)).GetProperty("data");
        var status = m.GetProperty("status").GetString();
        if (sentOrLater.Contains(status))
        {
            var sentMs = clock.Elapsed.TotalMilliseconds;
            if (m.GetProperty("media").GetProperty("sha256").GetString() != sha256)
                throw new InvalidOperationException($"Message {id} was sent with another file: " + m);
            return (uploadMs, acceptedMs, sentMs);
        }
        if (status != "queued") throw new InvalidOperationException($"Message {id} is {status}: " + m);
        if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"Message {id} still queued after 2 minutes.");
        await Task.Delay(PollMs);
    }
}

// The floor, then two reference figures that are not part of it: the app's block layout for the same bytes, and
// one download of the blob (what the engine-host does before it sends).
async Task<(double Blob, double Total, double Staged, double Download)> FloorRoundAsync(byte[] payload, int round)
{
    var blob = floorContainer.GetBlobClient($"floor/{round}");
    var command = JsonSerializer.Serialize(new
    {
        v = 1, id = Guid.NewGuid().ToString(), type = "message.send", sessionId = session, at = DateTimeOffset.UtcNow.ToString("O"),
        data = new
        {
            clientMessageId = Guid.NewGuid().ToString("N"), to = "4917012345678@s.whatsapp.net",
            content = new { kind = "image", media = new { blob = $"up/med_{Guid.NewGuid():N}", mimetype = "image/jpeg", size = payload.Length, sha256 = new string('0', 64) } },
            options = new { },
        },
    });
    var clock = Stopwatch.StartNew();
    await blob.UploadAsync(new BinaryData(payload), overwrite: true);
    var blobMs = clock.Elapsed.TotalMilliseconds;
    var receipt = (await floorQueue.SendMessageAsync(command)).Value;
    var totalMs = clock.Elapsed.TotalMilliseconds;
    await floorQueue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt); // Azurite slows down as queues fill

    var blocks = floorContainer.GetBlockBlobClient($"floor/{round}-staged");
    clock.Restart();
    var ids = new List<string>();
    for (var offset = 0; offset < payload.Length; offset += WaFunctions.Media.MediaStore.BlockBytes)
    {
        var blockId = Convert.ToBase64String(BitConverter.GetBytes(ids.Count));
        await blocks.StageBlockAsync(blockId, new MemoryStream(payload, offset, Math.Min(WaFunctions.Media.MediaStore.BlockBytes, payload.Length - offset), writable: false));
        ids.Add(blockId);
    }
    await blocks.CommitBlockListAsync(ids);
    var stagedMs = clock.Elapsed.TotalMilliseconds;

    clock.Restart();
    var bytes = (await blob.DownloadContentAsync()).Value.Content;
    var downloadMs = clock.Elapsed.TotalMilliseconds;
    if (bytes.ToMemory().Length != payload.Length) throw new InvalidOperationException($"The floor's blob read back as {bytes.ToMemory().Length} bytes.");
    await blob.DeleteAsync();
    await blocks.DeleteAsync();
    return (blobMs, totalMs, stagedMs, downloadMs);
}

async Task<JsonElement> ExpectAsync(HttpRequestMessage request, HttpStatusCode expected)
{
    if (stack.Engine.HasExited) throw new InvalidOperationException("The engine-host exited:\n" + stack.Engine.Tail);
    using (request)
    using (var response = await stack.App.Http.SendAsync(request))
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} (expected {(int)expected}) {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
