using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WaFunctions.Tests.Broadcasts;
using WaFunctions.Tests.Infrastructure;
using WaFunctions.Tests.Webhooks;

namespace WaFunctions.Tests.Inbox;

/// <summary>
/// Azurite, one functions app, a webhook receiver (private targets allowed) and a stand-in engine that answers every
/// send with its <c>message.sent</c> (<see cref="CommandCollector"/>), shared by the inbox tests. Each test makes its own
/// number (session), agents, tags and chats, so tests never depend on each other or on order.
/// </summary>
public sealed class InboxFixture : IAsyncLifetime
{
    public const string AdminKey = "lw_live_AdminKeyForInboxTests00000000000";
    private FunctionsProcess? _app;

    public AzuriteFixture Azurite { get; } = new();
    internal FunctionsProcess App => _app!;
    internal WebhookReceiver Receiver { get; private set; } = null!;
    internal CommandCollector Engine { get; private set; } = null!;
    internal EngineBus Bus { get; private set; } = null!;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>(FunctionsProcess.FastQueues)
    {
        ["WA_ADMIN_KEY"] = AdminKey,
        ["WA_ENGINE"] = "simulator",
        ["WA_RATE_LIMIT_PER_MINUTE"] = "100000",
        ["WA_WEBHOOKS_ALLOW_PRIVATE"] = "true",
    };

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Receiver = new WebhookReceiver();
        Bus = new EngineBus(Azurite.Storage);
        Engine = new CommandCollector(Azurite.Storage);
        _app = FunctionsProcess.Start("WaFunctions", Azurite.ConnectionString, Settings);
        await _app.WaitUntilReadyAsync();
        await Wait.UntilAsync(async () => (await Send(HttpMethod.Get, "api/v1/agents")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await Engine.DisposeAsync();
        await Receiver.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string key = AdminKey) => Send(App, method, path, body, key);

    internal static Task<HttpResponseMessage> Send(FunctionsProcess app, HttpMethod method, string path, object? body = null, string key = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        return app.Http.SendAsync(request);
    }

    /// <summary>The <c>data</c> of a successful answer (asserting its status).</summary>
    public async Task<JsonElement> Data(HttpMethod method, string path, object? body = null, HttpStatusCode expect = HttpStatusCode.OK, string key = AdminKey)
    {
        var response = await Send(method, path, body, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expect, $"{method} {path}: expected {(int)expect}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data").Clone();
    }

    public Task<JsonElement> Get(string path) => Data(HttpMethod.Get, path);

    public static string Phone() => "1555" + Random.Shared.NextInt64(1_000_000, 9_999_999);

    public static string ChatOf(string phone) => phone + "@s.whatsapp.net";

    /// <summary>A new number, linked and ready (its status reported on the bus).</summary>
    public async Task<string> ReadySessionAsync()
    {
        var id = (await Data(HttpMethod.Post, "api/v1/sessions", new { name = "inbox test" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Bus.SendAsync("session.status", id, 1, EngineBus.Ready(Phone()));
        await Wait.UntilAsync(async () => (await Get($"api/v1/sessions/{id}")).GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(20), "ready");
        return id;
    }

    public async Task<string> AgentAsync(string name, string status = "online") =>
        (await Data(HttpMethod.Post, "api/v1/agents", new { name, status }, HttpStatusCode.Created)).GetProperty("id").GetString()!;

    /// <summary>An inbound text on the bus; returns its raw message, to deliver again.</summary>
    public Task<string> InboundAsync(string sessionId, string chatId, string id, long timestamp, string text = "Hello", long seq = 10) =>
        Bus.SendAsync("message.received", sessionId, seq, EngineBus.Inbound(id, chatId, text, timestamp, "Customer"));

    /// <summary>Our message reported sent (as the engine would), with a chosen time.</summary>
    public Task<string> SentAsync(string sessionId, string chatId, string clientMessageId, long timestamp, long seq = 20) =>
        Bus.SendAsync("message.sent", sessionId, seq, new
        {
            clientMessageId, messageId = WaFunctions.Messages.MessageRecord.OutboundId(sessionId, clientMessageId), to = chatId, timestamp,
        });

    public async Task<JsonElement> ChatAsync(string sessionId, string chatId) => await Get($"api/v1/chats/{chatId}?sessionId={sessionId}");

    /// <summary>Waits until the conversation satisfies <paramref name="condition"/>; returns it.</summary>
    public async Task<JsonElement> UntilChatAsync(string sessionId, string chatId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        await Wait.UntilAsync(async () =>
        {
            var response = await Send(HttpMethod.Get, $"api/v1/chats/{chatId}?sessionId={sessionId}");
            if (!response.IsSuccessStatusCode) return false;
            last = (await ApiFixture.JsonAsync(response)).GetProperty("data");
            return condition(last);
        }, TimeSpan.FromSeconds(30), what);
        return last;
    }

    public async Task<string[]> ChatIdsAsync(string sessionId, string query = "")
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ApiFixture.JsonAsync(await Send(HttpMethod.Get,
                $"api/v1/chats?sessionId={sessionId}&limit=1000{query}{(cursor is null ? "" : "&cursor=" + cursor)}"));
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("chatId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return [.. ids];
    }

    /// <summary>A webhook for every event of one number, at its own path of the receiver.</summary>
    public async Task<string> WebhookAsync(string sessionId)
    {
        var path = "/inbox-" + sessionId;
        await Data(HttpMethod.Post, "api/v1/webhooks", new { url = Receiver.Url(path), events = new[] { "*" }, sessionId }, HttpStatusCode.Created);
        return path;
    }

    /// <summary>The types of the events the receiver got at <paramref name="path"/> for one chat, each id once, in arrival order.</summary>
    internal IReadOnlyList<(string Id, string Type, JsonElement Data)> Events(string path, string chatId) =>
        Receiver.On(path).Select(r => r.Json).Where(j => j.GetProperty("type").GetString()!.StartsWith("conversation.")
                && j.GetProperty("data").GetProperty("chatId").GetString() == chatId)
            .Select(j => (j.GetProperty("id").GetString()!, j.GetProperty("type").GetString()!, j.GetProperty("data")))
            .DistinctBy(e => e.Item1).ToList();
}

[CollectionDefinition(Name)]
public sealed class InboxCollection : ICollectionFixture<InboxFixture>
{
    public const string Name = "inbox";
}
