using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Webhooks;

/// <summary>
/// Azurite, one local receiver and the test host (the whole app plus test functions) with private
/// targets allowed and compressed retry time: attempt ceilings 0.5 s, 2 s, then dead after the
/// fourth attempt; three dead deliveries in a row disable a webhook.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public const string AdminKey = "lw_live_AdminKeyForWebhookTests000000000";
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>(FunctionsProcess.FastQueues)
    {
        ["WA_ADMIN_KEY"] = AdminKey,
        ["WA_RATE_LIMIT_PER_MINUTE"] = "100000",
        ["WA_WEBHOOKS_ALLOW_PRIVATE"] = "true",
        ["WA_WEBHOOK_RETRY_BASE_MS"] = "500",
        ["WA_WEBHOOK_MAX_ATTEMPTS"] = "4",
        ["WA_WEBHOOK_DISABLE_AFTER_DEAD"] = "3",
    };

    private FunctionsProcess? _app;
    public AzuriteFixture Azurite { get; } = new();
    internal FunctionsProcess App => _app!;
    internal WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Receiver = new WebhookReceiver();
        _app = FunctionsProcess.Start("TestHost", Azurite.ConnectionString, Settings);
        await _app.WaitUntilReadyAsync();
        await Wait.UntilAsync(async () => (await Send(_app, HttpMethod.Get, "api/v1/webhooks", null)).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await Receiver.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null) => Send(App, method, path, body);

    internal static Task<HttpResponseMessage> Send(FunctionsProcess app, HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", AdminKey);
        if (body is not null) request.Content = JsonContent.Create(body);
        return app.Http.SendAsync(request);
    }

    /// <summary>Creates a webhook; returns its id and secret.</summary>
    internal static async Task<(string Id, string Secret)> CreateAsync(FunctionsProcess app, object body)
    {
        var response = await Send(app, HttpMethod.Post, "api/v1/webhooks", body);
        var json = await ApiFixture.JsonAsync(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, json.ToString());
        return (json.GetProperty("data").GetProperty("id").GetString()!, json.GetProperty("data").GetProperty("secret").GetString()!);
    }

    internal Task<(string Id, string Secret)> CreateAsync(object body) => CreateAsync(App, body);

    /// <summary>Has the test host record events through the app's IEventOutbox, as a slice would.</summary>
    internal static Task RecordEventsAsync(AzuriteFixture azurite, string prefix, int count, string type, string? sessionId = null, string? text = null, int padding = 0) =>
        azurite.Storage.Queue("test-record-events").SendMessageAsync(JsonSerializer.Serialize(new { prefix, count, type, sessionId, text, padding }));

    internal async Task<JsonElement> DeliveriesAsync(string webhookId) =>
        (await ApiFixture.JsonAsync(await Send(HttpMethod.Get, $"api/v1/webhooks/{webhookId}/deliveries?limit=200"))).GetProperty("data");

    internal async Task<JsonElement> WebhookAsync(string webhookId) =>
        (await ApiFixture.JsonAsync(await Send(HttpMethod.Get, $"api/v1/webhooks/{webhookId}"))).GetProperty("data");

    /// <summary>Runs the npm standardwebhooks verifier on a captured request; returns its verdict line.</summary>
    internal static async Task<string> VerifyAsync(string secret, ReceivedRequest request, byte[]? body = null, int nowOffsetSeconds = 0)
    {
        var info = new ProcessStartInfo("node", [Path.Combine(RepoPaths.Root, "tests", "Integration.Tests", "Webhooks", "verify-webhook.mjs")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["WA_REPO_ROOT"] = RepoPaths.Root;
        using var node = Process.Start(info)!;
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new
        {
            secret,
            headers = new Dictionary<string, string> { ["webhook-id"] = request.Headers["webhook-id"], ["webhook-timestamp"] = request.Headers["webhook-timestamp"], ["webhook-signature"] = request.Headers["webhook-signature"] },
            bodyBase64 = Convert.ToBase64String(body ?? request.Body),
            nowOffsetSeconds,
        }));
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (output + error).Trim();
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}
