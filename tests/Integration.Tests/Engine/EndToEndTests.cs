using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

/// <summary>
/// Real processes: Azurite, the functions app and the engine-host (simulator driver) on one storage
/// account, talking only through the engine queues, driven through the public API and the dev endpoints.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private const string Admin = ApiFixture.AdminKey;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly AzuriteFixture _azurite = new();
    private FunctionsProcess _app = null!;
    private ChildProcess? _engine;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = FunctionsProcess.Start("WaFunctions", _azurite.ConnectionString, new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = Admin,
            ["WA_ENGINE"] = "simulator",
            // The test polls the API while it waits on the engine; the default 120/min is not what is under test here.
            ["WA_RATE_LIMIT_PER_MINUTE"] = "100000",
        });
        await _app.WaitUntilReadyAsync();
        _engine = StartEngine();
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private ChildProcess StartEngine() => ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "engine-host", "dist", "src", "index.js")],
        new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["WA_ENGINE"] = "simulator",
            ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
            ["WA_POLL_MAX_MS"] = "200",
            ["WA_SIM_DELIVERED_MS"] = "-1", // receipts come only from dev/status, so the test decides when
            ["WA_SIM_READ_MS"] = "-1",
            ["WA_LOG_LEVEL"] = "warn",
            // The same id after a kill -9 on the same host lets the new process take the dead one's lease at once.
            ["WA_ENGINE_REPLICA_ID"] = Replica,
        }, Path.Combine(RepoPaths.Root, "engine-host"));

    private const string Replica = "replica-e2e";

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", Admin);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        var response = await _app.Http.SendAsync(request);
        if (_engine is { HasExited: true }) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        return response;
    }

    private async Task<JsonElement> Data(string path) => (await ApiFixture.JsonAsync(await Send(HttpMethod.Get, path))).GetProperty("data");

    private async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
    }

    private Task Until(Func<Task<bool>> probe, string what) => Wait.UntilAsync(async () =>
    {
        if (_engine is { HasExited: true }) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        return await probe();
    }, Patience, what);

    [Fact]
    public async Task Link_send_receive_receipts_survive_a_crash_and_log_out()
    {
        // Create and connect: a QR appears, readable as JSON and as a PNG that decodes to the same text.
        var created = await Send(HttpMethod.Post, "api/v1/sessions", new { name = "e2e" });
        await Expect(created, HttpStatusCode.Created);
        var id = (await ApiFixture.JsonAsync(created)).GetProperty("data").GetProperty("id").GetString()!;
        Assert.Matches("^n[a-z0-9]{6}$", id);
        await Expect(await Send(HttpMethod.Post, $"api/v1/sessions/{id}/connect", new { }), HttpStatusCode.Accepted);
        await Until(async () => (await Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr")).IsSuccessStatusCode, "a QR");
        var qr = await Data($"api/v1/sessions/{id}/qr");
        var qrText = qr.GetProperty("qr").GetString()!;
        Assert.True(qr.GetProperty("expiresAt").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var png = await (await Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr?format=png")).Content.ReadAsByteArrayAsync();
        await AssertPngDecodesToAsync(png, qrText);

        // Scan: ready, with the number's phone.
        await Expect(await Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/scan", new { }), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/sessions/{id}")).GetProperty("status").GetString() == "ready", "ready");
        var linked = await Data($"api/v1/sessions/{id}");
        Assert.Matches("^[0-9]{8,15}$", linked.GetProperty("phone").GetString());
        var engine = linked.GetProperty("engine");
        Assert.Equal(Replica, engine.GetProperty("replica").GetString());
        Assert.True(engine.GetProperty("alive").GetBoolean());
        await Expect(await Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr"), HttpStatusCode.Conflict);

        // Send: message.sent, and the chat appears.
        var number = "4915" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var chatId = number + "@s.whatsapp.net";
        var sent = await Send(HttpMethod.Post, "api/v1/messages", new { to = "+" + number, text = "Hello from the API" });
        await Expect(sent, HttpStatusCode.Accepted);
        var answer = await ApiFixture.JsonAsync(sent);
        Assert.Equal(chatId, answer.GetProperty("to").GetString());
        Assert.Equal(id, answer.GetProperty("from").GetString());
        var messageId = answer.GetProperty("id").GetString()!;
        await Until(async () => (await Data($"api/v1/messages/{messageId}")).GetProperty("status").GetString() == "sent", "message.sent");
        await Until(async () => (await Data($"api/v1/chats?sessionId={id}")).EnumerateArray().Any(c => c.GetProperty("chatId").GetString() == chatId), "the chat");
        // Without sessionId the only number is the default.
        Assert.Contains((await Data("api/v1/chats")).EnumerateArray(), c => c.GetProperty("chatId").GetString() == chatId);

        // Inbound: the reply is the newest message of the chat.
        await Expect(await Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/inbound", new { from = number, text = "Thanks!", name = "Asha Rao" }), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/chats/{chatId}/messages?sessionId={id}")) is var m && m.GetArrayLength() == 2
            && m[0].GetProperty("body").GetString() == "Thanks!", "the inbound message first");
        var history = await Data($"api/v1/chats/{chatId}/messages");
        Assert.False(history[0].GetProperty("fromMe").GetBoolean());
        Assert.Equal(messageId, history[1].GetProperty("messageId").GetString());
        Assert.True(history[1].GetProperty("fromMe").GetBoolean());
        var chat = (await Data($"api/v1/chats?sessionId={id}")).EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chatId);
        Assert.Equal("Asha Rao", chat.GetProperty("name").GetString());
        Assert.Equal(1, chat.GetProperty("unreadCount").GetInt32());
        Assert.Equal("Thanks!", chat.GetProperty("lastMessage").GetString());

        // Receipts move the message to read.
        await Expect(await Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/status", new { messageId, status = "delivered" }), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/messages/{messageId}")).GetProperty("status").GetString() == "delivered", "delivered");
        await Expect(await Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/status", new { messageId, status = "read" }), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/messages/{messageId}")).GetProperty("status").GetString() == "read", "read");

        // kill -9 the engine-host and start it again: the session comes back ready without a QR.
        var auth = _azurite.Storage.Table("engineauth");
        Assert.NotEmpty(await AuthRowsAsync(auth, id));
        var before = (await Data($"api/v1/sessions/{id}")).GetProperty("updatedAt").GetString();
        await _engine!.KillAsync();
        await _engine.DisposeAsync();
        _engine = StartEngine();
        await Until(async () =>
        {
            var s = await Data($"api/v1/sessions/{id}");
            Assert.False(s.GetProperty("qrAvailable").GetBoolean(), "a restarted engine must not ask for a new QR");
            return s.GetProperty("status").GetString() == "ready" && s.GetProperty("updatedAt").GetString() != before;
        }, "ready again after the restart");
        var retaken = (await Data($"api/v1/sessions/{id}")).GetProperty("engine");
        Assert.True(retaken.GetProperty("alive").GetBoolean());
        Assert.True(retaken.GetProperty("since").GetDateTimeOffset() > engine.GetProperty("since").GetDateTimeOffset(), "the restarted process took the session anew");
        await Expect(await Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/inbound", new { from = number, text = "Still there?" }), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/chats/{chatId}/messages?sessionId={id}"))[0].GetProperty("body").GetString() == "Still there?", "an inbound message after the restart");

        // Logout: the credentials are gone.
        await Expect(await Send(HttpMethod.Post, $"api/v1/sessions/{id}/logout"), HttpStatusCode.Accepted);
        await Until(async () => (await Data($"api/v1/sessions/{id}")).GetProperty("status").GetString() == "logged_out", "logged_out");
        await Until(async () => (await AuthRowsAsync(auth, id)).Count == 0, "the credentials to be deleted");
        await Expect(await Send(HttpMethod.Post, "api/v1/messages", new { to = number, text = "after logout", from = id }), HttpStatusCode.Conflict);
        await Expect(await Send(HttpMethod.Delete, $"api/v1/sessions/{id}"), HttpStatusCode.NoContent);
        await Expect(await Send(HttpMethod.Get, $"api/v1/sessions/{id}"), HttpStatusCode.NotFound);
    }

    private static async Task<List<TableEntity>> AuthRowsAsync(TableClient auth, string sessionId) =>
        await auth.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sessionId}"), select: ["RowKey"]).ToListAsync();

    /// <summary>The PNG signature and a square image, then an independent decoder (pngjs + jsqr) reads the QR back.</summary>
    private static async Task AssertPngDecodesToAsync(byte[] png, string expected)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(width, height);
        Assert.InRange(width, 100, 2000);
        var file = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            await using var node = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "tests", "Integration.Tests", "Engine", "decode-qr.mjs"), file], new Dictionary<string, string?>());
            Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, "decode-qr failed: " + node.Output);
            var decoded = JsonDocument.Parse(node.StandardOutputLines.Last()).RootElement;
            Assert.Equal(expected, decoded.GetProperty("text").GetString());
        }
        finally { File.Delete(file); }
    }
}
