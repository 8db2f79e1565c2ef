using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>
/// Real processes: Azurite, the app and the engine-host's simulator (numbers ending in 000 are not on WhatsApp;
/// delivery receipts come automatically, read receipts only when the test asks).
/// </summary>
public sealed class BroadcastEndToEndTests : IAsyncLifetime
{
    private readonly BroadcastRig _rig = new();
    private ChildProcess? _engine;

    public async Task InitializeAsync()
    {
        await _rig.StartAsync(collect: false);
        _engine = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "engine-host", "dist", "src", "index.js")], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _rig.Azurite.ConnectionString, ["WA_ENGINE"] = "simulator", ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
            ["WA_POLL_MAX_MS"] = "200", ["WA_SIM_DELIVERED_MS"] = "200", ["WA_SIM_READ_MS"] = "-1", ["WA_LOG_LEVEL"] = "warn",
        }, Path.Combine(RepoPaths.Root, "engine-host"));
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync();
        await _rig.DisposeAsync();
    }

    private Task Until(Func<Task<bool>> probe, string what) => Wait.UntilAsync(async () =>
    {
        if (_engine is { HasExited: true }) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        return await probe();
    }, TimeSpan.FromSeconds(90), what);

    [Fact]
    public async Task Twenty_recipients_one_opted_out_one_not_on_WhatsApp()
    {
        var session = (await _rig.Data(await _rig.Send(HttpMethod.Post, "api/v1/sessions", new { name = "e2e broadcast" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await _rig.Send(HttpMethod.Post, $"api/v1/sessions/{session}/connect", new { })).StatusCode);
        await Until(async () => (await _rig.Send(HttpMethod.Get, $"api/v1/sessions/{session}/qr")).IsSuccessStatusCode, "a QR");
        Assert.Equal(HttpStatusCode.Accepted, (await _rig.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/scan", new { })).StatusCode);
        await Until(async () => (await _rig.GetAsync($"api/v1/sessions/{session}")).GetProperty("status").GetString() == "ready", "ready");
        await _rig.Data(await _rig.Send(HttpMethod.Patch, $"api/v1/sessions/{session}/pacing", BroadcastRig.Fast(0.1, 0.3)));

        var numbers = Enumerable.Range(0, 20).Select(_ => "4917" + Random.Shared.NextInt64(1_000_000, 9_999_999) + "1").ToList();
        numbers[7] = "4917" + Random.Shared.NextInt64(10_000, 99_999) + "000"; // not on WhatsApp
        var optedOut = numbers[12];
        Assert.Equal(HttpStatusCode.Accepted, (await _rig.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from = optedOut, text = "Unsubscribe" })).StatusCode);
        await Until(async () => (await (await _rig.Send(HttpMethod.Get, "api/v1/suppressions?limit=200")).Content.ReadAsStringAsync()).Contains(optedOut), "the opt-out");

        var id = await _rig.CreateAsync(session, numbers.Select((n, i) => new { chatId = n, name = $"P{i}" }).ToList());
        await _rig.UntilStatusAsync(id, "completed", TimeSpan.FromSeconds(90));
        await Until(async () => (await _rig.BroadcastAsync(id)).GetProperty("progress") is var p
            && p.GetProperty("sent").GetInt32() == 18 && p.GetProperty("failed").GetInt32() == 1 && p.GetProperty("delivered").GetInt32() == 18, "reports");
        var b = await _rig.BroadcastAsync(id);
        Assert.Equal(18, b.GetProperty("sentCount").GetInt32());
        Assert.Equal(1, b.GetProperty("failedCount").GetInt32());
        Assert.Equal(1, b.GetProperty("progress").GetProperty("skipped").GetInt32());
        Assert.Equal(0, b.GetProperty("progress").GetProperty("queued").GetInt32());
        Assert.Equal(0, b.GetProperty("progress").GetProperty("read").GetInt32());

        var recipients = (await _rig.Data(await _rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients"))).EnumerateArray().ToList();
        Assert.Equal("failed", recipients[7].GetProperty("status").GetString());
        Assert.Equal("not_on_whatsapp", recipients[7].GetProperty("reason").GetString());
        Assert.Equal("skipped", recipients[12].GetProperty("status").GetString());
        Assert.Equal("opted_out", recipients[12].GetProperty("reason").GetString());
        Assert.Equal(18, recipients.Count(r => r.GetProperty("status").GetString() == "delivered"));

        // Read receipts for three messages: read follows them, and the message itself shows the rendered text.
        foreach (var r in recipients.Where(r => r.GetProperty("status").GetString() == "delivered").Take(3))
            Assert.Equal(HttpStatusCode.Accepted, (await _rig.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/status",
                new { messageId = r.GetProperty("messageId").GetString(), status = "read" })).StatusCode);
        await Until(async () => (await _rig.BroadcastAsync(id)).GetProperty("progress").GetProperty("read").GetInt32() == 3, "three reads");
        Assert.Equal(3, (await _rig.Data(await _rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=read"))).GetArrayLength());
        var first = await _rig.GetAsync($"api/v1/messages/{recipients[0].GetProperty("messageId").GetString()}");
        Assert.Equal("Hi P0, 10% off", first.GetProperty("body").GetString());
    }
}
