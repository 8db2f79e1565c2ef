using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>
/// Real processes — Azurite, the functions app, the engine-host's simulator — and a number two agents share: new
/// conversations alternate between them, an answer is a first response, a resolved conversation reopens on a new
/// message with its agent, and out of hours a customer gets one auto-reply however often they write.
/// </summary>
public sealed class InboxEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly AzuriteFixture _azurite = new();
    private FunctionsProcess _app = null!;
    private ChildProcess? _engine;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = FunctionsProcess.Start("WaFunctions", _azurite.ConnectionString, InboxFixture.Settings);
        await _app.WaitUntilReadyAsync();
        _engine = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "engine-host", "dist", "src", "index.js")], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["WA_ENGINE"] = "simulator",
            ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
            ["WA_POLL_MAX_MS"] = "200",
            ["WA_LOG_LEVEL"] = "warn",
        }, Path.Combine(RepoPaths.Root, "engine-host"));
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private async Task<JsonElement> Data(HttpMethod method, string path, object? body = null, HttpStatusCode expect = HttpStatusCode.OK)
    {
        var response = await InboxFixture.Send(_app, method, path, body);
        if (_engine is { HasExited: true }) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expect, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data").Clone();
    }

    private Task Until(Func<Task<bool>> probe, string what) => Wait.UntilAsync(async () =>
    {
        if (_engine is { HasExited: true }) throw new InvalidOperationException("The engine-host exited:\n" + _engine.Output);
        return await probe();
    }, Patience, what);

    private async Task<JsonElement> ChatAsync(string session, string chat) => await Data(HttpMethod.Get, $"api/v1/chats/{chat}?sessionId={session}");

    private async Task<JsonElement> UntilChatAsync(string session, string chat, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        await Until(async () =>
        {
            var response = await InboxFixture.Send(_app, HttpMethod.Get, $"api/v1/chats/{chat}?sessionId={session}");
            return response.IsSuccessStatusCode && condition(last = (await ApiFixture.JsonAsync(response)).GetProperty("data"));
        }, what);
        return last;
    }

    private Task InboundAsync(string session, string phone, string text) =>
        Data(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from = phone, text, name = "Customer " + phone[^3..] }, HttpStatusCode.Accepted);

    private async Task<List<JsonElement>> HistoryAsync(string session, string chat) =>
        [.. (await Data(HttpMethod.Get, $"api/v1/chats/{chat}/messages?sessionId={session}&limit=100")).EnumerateArray()];

    [Fact]
    public async Task Two_agents_share_a_number_round_robin_resolve_reopen_and_one_off_hours_reply()
    {
        var session = (await Data(HttpMethod.Post, "api/v1/sessions", new { name = "shared" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Data(HttpMethod.Post, $"api/v1/sessions/{session}/connect", new { }, HttpStatusCode.Accepted);
        await Until(async () => (await InboxFixture.Send(_app, HttpMethod.Get, $"api/v1/sessions/{session}/qr")).IsSuccessStatusCode, "a QR");
        await Data(HttpMethod.Post, $"api/v1/dev/sessions/{session}/scan", new { }, HttpStatusCode.Accepted);
        await Until(async () => (await Data(HttpMethod.Get, $"api/v1/sessions/{session}")).GetProperty("status").GetString() == "ready", "ready");

        var asha = (await Data(HttpMethod.Post, "api/v1/agents", new { name = "Asha", status = "online" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ravi = (await Data(HttpMethod.Post, "api/v1/agents", new { name = "Ravi", status = "online" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing", new { autoAssign = new { agentIds = new[] { asha, ravi } } });
        var (first, second) = string.CompareOrdinal(asha, ravi) < 0 ? (asha, ravi) : (ravi, asha);

        // Two customers write: one conversation each, to the agents in turn.
        var phones = Enumerable.Range(0, 3).Select(_ => "4917" + Random.Shared.NextInt64(10_000_000, 99_999_999)).ToArray();
        var chats = phones.Select(InboxFixture.ChatOf).ToArray();
        await InboundAsync(session, phones[0], "Where is my order?");
        await UntilChatAsync(session, chats[0], c => c.GetProperty("assignee").GetString() == first, "the first conversation to go to the first agent");
        await InboundAsync(session, phones[1], "Do you ship to Pune?");
        await UntilChatAsync(session, chats[1], c => c.GetProperty("assignee").GetString() == second, "the second conversation to go to the other agent");

        // The agent answers: the first response.
        Assert.Equal(HttpStatusCode.Accepted, (await InboxFixture.Send(_app, HttpMethod.Post, "api/v1/messages", new { to = phones[0], text = "It ships today.", from = session })).StatusCode);
        await UntilChatAsync(session, chats[0], c => c.GetProperty("firstResponseAt").ValueKind == JsonValueKind.String, "the first response");

        // Resolved, then the customer writes again: reopened, with its agent.
        Assert.Equal("resolved", (await Data(HttpMethod.Post, $"api/v1/chats/{chats[0]}/resolve?sessionId={session}")).GetProperty("status").GetString());
        await InboundAsync(session, phones[0], "One more thing");
        var reopened = await UntilChatAsync(session, chats[0], c => c.GetProperty("status").GetString() == "open", "the conversation to reopen");
        Assert.Equal(first, reopened.GetProperty("assignee").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("firstResponseAt").ValueKind);

        // Out of hours (closed today and tomorrow): the third customer writes twice and gets one reply.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var allDay = new[] { new { start = "00:00", end = "24:00" } };
        await Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing", new
        {
            businessHours = new
            {
                timeZone = "Europe/Berlin",
                days = new { mon = allDay, tue = allDay, wed = allDay, thu = allDay, fri = allDay, sat = allDay, sun = allDay },
                holidays = new[] { today.AddDays(-1), today, today.AddDays(1) }.Select(d => d.ToString("yyyy-MM-dd")),
            },
            offHoursReply = new { text = "Closed for the holidays; back soon." },
        });
        await InboundAsync(session, phones[2], "Hello?");
        await Until(async () => (await HistoryAsync(session, chats[2])).Any(m => m.GetProperty("fromMe").GetBoolean()), "the auto-reply");
        await InboundAsync(session, phones[2], "Anyone there?");
        await UntilChatAsync(session, chats[2], c => c.GetProperty("unreadCount").GetInt32() == 2, "the second message");
        var history = await HistoryAsync(session, chats[2]);
        Assert.Equal(["Closed for the holidays; back soon."], history.Where(m => m.GetProperty("fromMe").GetBoolean()).Select(m => m.GetProperty("body").GetString()));
        Assert.Equal(JsonValueKind.Null, (await ChatAsync(session, chats[2])).GetProperty("firstResponseAt").ValueKind);

        var counts = await Data(HttpMethod.Get, $"api/v1/chats/counts?sessionId={session}");
        Assert.Equal(3, counts.GetProperty("byStatus").GetProperty("open").GetInt32());
        Assert.Equal(2, counts.GetProperty("byAgent").EnumerateArray().Single(a => a.GetProperty("agentId").GetString() == first).GetProperty("chats").GetProperty("open").GetInt32());
    }
}
