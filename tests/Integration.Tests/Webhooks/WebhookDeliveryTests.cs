using System.Text;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Webhooks;

/// <summary>Signed delivery, retries on the compressed schedule, death, redelivery, 410, auto-disable and filtering.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFixture fx)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private Task<IReadOnlyList<ReceivedRequest>> ReceivedAsync(string path, int atLeast, string what) =>
        Wait.UntilAsync(() => Task.FromResult(fx.Receiver.On(path) is { } got && got.Count >= atLeast ? got : null), Patience, what);

    [Fact]
    public async Task Signatures_verify_with_the_standardwebhooks_library_for_normal_unicode_and_large_payloads()
    {
        var path = "/sig-" + Guid.NewGuid();
        var (_, secret) = await fx.CreateAsync(new { url = fx.Receiver.Url(path), events = new[] { "message.received" }, sessionId = "sig" });
        var prefix = Guid.NewGuid().ToString("N")[..8];
        await WebhookFixture.RecordEventsAsync(fx.Azurite, prefix + "n", 1, "message.received", "sig", "hello");
        await WebhookFixture.RecordEventsAsync(fx.Azurite, prefix + "u", 1, "message.received", "sig", "Olá 👋 мир — 你好 \u2028 \"quoted\" <tag> &amp;");
        await WebhookFixture.RecordEventsAsync(fx.Azurite, prefix + "l", 1, "message.received", "sig", "large", padding: 300_000);
        // Delivery is at least once: a busy machine may deliver one event twice, so wait for each of the three ids.
        string[] ids = [$"evt_{prefix}n_0", $"evt_{prefix}u_0", $"evt_{prefix}l_0"];
        var got = await Wait.UntilAsync(() => Task.FromResult(fx.Receiver.On(path) is { } all && ids.All(id => all.Any(r => r.WebhookId == id)) ? all : null),
            Patience, "one signed delivery of each of the three events");

        foreach (var request in got)
        {
            Assert.Equal("ok", await WebhookFixture.VerifyAsync(secret, request));
            Assert.Equal("application/json", request.Headers["content-type"].Split(';')[0]);
            Assert.Contains("WaFunctions", request.Headers["user-agent"]);
            Assert.Equal(request.WebhookId, request.Json.GetProperty("id").GetString());
            Assert.Equal("sig", request.Json.GetProperty("sessionId").GetString());
            var tampered = request.Body.ToArray();
            tampered[^2] ^= 1;
            Assert.StartsWith("fail", await WebhookFixture.VerifyAsync(secret, request, tampered));
            Assert.StartsWith("fail", await WebhookFixture.VerifyAsync(secret, request, nowOffsetSeconds: 600)); // replayed 10 minutes later
            Assert.StartsWith("fail", await WebhookFixture.VerifyAsync("whsec_" + Convert.ToBase64String(new byte[32]), request));
        }
        var unicode = got.First(r => r.WebhookId == $"evt_{prefix}u_0");
        Assert.Contains("Olá", Encoding.UTF8.GetString(unicode.Body)); // sent as UTF-8, not \u escapes
        Assert.Contains("мир — 你好", Encoding.UTF8.GetString(unicode.Body));
        Assert.Equal("Olá 👋 мир — 你好 \u2028 \"quoted\" <tag> &amp;", unicode.Json.GetProperty("data").GetProperty("text").GetString());
        Assert.True(got.First(r => r.WebhookId == $"evt_{prefix}l_0").Body.Length > 300_000);
    }

    [Fact]
    public async Task After_a_rotation_both_the_old_and_the_new_secret_verify()
    {
        var path = "/rot-" + Guid.NewGuid();
        var (id, oldSecret) = await fx.CreateAsync(new { url = fx.Receiver.Url(path), events = new[] { "*" } });
        var rotated = await ApiFixture.JsonAsync(await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/rotate-secret"));
        var newSecret = rotated.GetProperty("data").GetProperty("secret").GetString()!;
        var test = await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/test");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, test.StatusCode);
        var request = (await ReceivedAsync(path, 1, "the test event"))[0];
        Assert.Equal("webhook.test", request.Json.GetProperty("type").GetString());
        Assert.Equal(2, request.Headers["webhook-signature"].Split(' ').Length);
        Assert.Equal("ok", await WebhookFixture.VerifyAsync(oldSecret, request));
        Assert.Equal("ok", await WebhookFixture.VerifyAsync(newSecret, request));
    }

    [Fact]
    public async Task Failures_are_retried_on_the_schedule_under_one_event_id_until_success()
    {
        var path = "/retry-" + Guid.NewGuid();
        fx.Receiver.Plan(path, 500, 503, 302, 200);
        var (id, _) = await fx.CreateAsync(new { url = fx.Receiver.Url(path), events = new[] { "*" } });
        await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/test");
        var got = await ReceivedAsync(path, 4, "four attempts");
        Assert.Single(got.Select(r => r.WebhookId).Distinct());

        var log = await Wait.UntilAsync(async () => await fx.DeliveriesAsync(id) is { } d && d.GetArrayLength() == 4 ? d.EnumerateArray().Reverse().ToList() : null, Patience, "four log rows");
        Assert.Equal([1, 2, 3, 4], log.Select(r => r.GetProperty("attempt").GetInt32()));
        Assert.Equal(["retrying", "retrying", "retrying", "succeeded"], log.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal([500, 503, 302, 200], log.Select(r => r.GetProperty("responseStatus").GetInt32()));
        Assert.StartsWith("answered 500", log[0].GetProperty("responseBody").GetString());
        Assert.Equal(1024, log[0].GetProperty("responseBody").GetString()!.Length);
        Assert.Contains("Redirects", log[2].GetProperty("error").GetString());
        // Full jitter within ceilings of 0.5 s × 4^(n-1), and no attempt before its announced time.
        for (var n = 0; n < 3; n++)
        {
            var at = log[n].GetProperty("at").GetDateTimeOffset();
            var next = log[n].GetProperty("nextRetryAt").GetDateTimeOffset();
            Assert.InRange((next - at).TotalMilliseconds, 0, 500 * Math.Pow(4, n) + 1000);
            Assert.True(got[n + 1].At >= next.AddMilliseconds(-100), $"attempt {n + 2} came at {got[n + 1].At:O}, before {next:O}");
        }
        Assert.Equal(JsonValueKind.Null, log[3].GetProperty("nextRetryAt").ValueKind);
    }

    [Fact]
    public async Task A_delivery_that_fails_every_attempt_ends_dead_and_can_be_redelivered()
    {
        var path = "/dead-" + Guid.NewGuid();
        fx.Receiver.Plan(path, 500);
        var (id, _) = await fx.CreateAsync(new { url = fx.Receiver.Url(path), events = new[] { "*" } });
        await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/test");
        var logRows = await Wait.UntilAsync(async () => await fx.DeliveriesAsync(id) is { } d && d.EnumerateArray().Any(r => r.GetProperty("status").GetString() == "dead") ? (object)d : null, Patience, "a dead delivery");
        var log = (JsonElement)logRows;
        Assert.Equal(4, log.GetArrayLength()); // WA_WEBHOOK_MAX_ATTEMPTS=4
        var dead = log[0];
        Assert.Equal(4, dead.GetProperty("attempt").GetInt32());
        Assert.Equal(4, fx.Receiver.On(path).Count);
        Assert.Equal(1, (await fx.WebhookAsync(id)).GetProperty("consecutiveDeadDeliveries").GetInt32());

        fx.Receiver.Plan(path, 200);
        var redeliver = await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/deliveries/{dead.GetProperty("id").GetString()}/redeliver");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, redeliver.StatusCode);
        var got = await ReceivedAsync(path, 5, "the redelivery");
        Assert.Equal(got[0].WebhookId, got[4].WebhookId);
        Assert.Equal(got[0].Body, got[4].Body);
        await Wait.UntilAsync(async () => (await fx.WebhookAsync(id)).GetProperty("consecutiveDeadDeliveries").GetInt32() == 0, Patience, "the success to reset the dead count");
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/deliveries/dlv_0000000000000000000000000000000/redeliver"), 404, "not_found");
    }

    [Fact]
    public async Task A_410_disables_the_webhook_and_it_then_receives_nothing()
    {
        var path = "/gone-" + Guid.NewGuid();
        fx.Receiver.Plan(path, 410);
        var (id, _) = await fx.CreateAsync(new { url = fx.Receiver.Url(path), events = new[] { "contact.updated" } });
        await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/test");
        var webhook = await Wait.UntilAsync(async () => await fx.WebhookAsync(id) is { } w && !w.GetProperty("enabled").GetBoolean() ? (object)w : null, Patience, "the webhook to be disabled");
        Assert.Contains("410", ((JsonElement)webhook).GetProperty("disabledReason").GetString());
        Assert.Equal("gone", (await fx.DeliveriesAsync(id))[0].GetProperty("status").GetString());
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/test"), 409, "webhook_disabled");
        // A recorded event is not delivered either; a sentinel webhook shows when it would have been.
        var sentinel = "/gone-sentinel-" + Guid.NewGuid();
        await fx.CreateAsync(new { url = fx.Receiver.Url(sentinel), events = new[] { "contact.updated" } });
        await WebhookFixture.RecordEventsAsync(fx.Azurite, Guid.NewGuid().ToString("N"), 1, "contact.updated");
        await ReceivedAsync(sentinel, 1, "the sentinel's delivery");
        await WaitForQuietQueueAsync();
        Assert.Single(fx.Receiver.On(path));
    }

    [Fact]
    public async Task Deliveries_that_keep_dying_disable_the_webhook_with_a_visible_reason()
    {
        var path = "/dying-" + Guid.NewGuid();
        fx.Receiver.Plan(path, 500);
        var (id, _) = await fx.CreateAsync(new { url = fx.Receiver.Url(path), events = new[] { "*" } });
        for (var i = 0; i < 3; i++) await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/test");
        var webhook = await Wait.UntilAsync(async () => await fx.WebhookAsync(id) is { } w && !w.GetProperty("enabled").GetBoolean() ? (object)w : null, Patience, "auto-disable");
        Assert.Contains("3 deliveries in a row", ((JsonElement)webhook).GetProperty("disabledReason").GetString());
        // Enabling again clears the reason and the count.
        var enabled = await ApiFixture.JsonAsync(await fx.Send(HttpMethod.Patch, $"api/v1/webhooks/{id}", new { enabled = true }));
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("data").GetProperty("disabledReason").ValueKind);
        Assert.Equal(0, enabled.GetProperty("data").GetProperty("consecutiveDeadDeliveries").GetInt32());
    }

    [Fact]
    public async Task Events_reach_only_the_webhooks_whose_types_and_session_match_and_never_a_disabled_one()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string P(string n) => $"/filter-{tag}-{n}";
        await fx.CreateAsync(new { url = fx.Receiver.Url(P("received")), events = new[] { "message.received" } });
        await fx.CreateAsync(new { url = fx.Receiver.Url(P("s1-all")), events = new[] { "*" }, sessionId = "s1-" + tag });
        await fx.CreateAsync(new { url = fx.Receiver.Url(P("contacts")), events = new[] { "contact.created", "ticket.created" } });
        await fx.CreateAsync(new { url = fx.Receiver.Url(P("disabled")), events = new[] { "*" }, enabled = false });
        await WebhookFixture.RecordEventsAsync(fx.Azurite, tag + "a", 2, "message.received", "s1-" + tag);
        await WebhookFixture.RecordEventsAsync(fx.Azurite, tag + "b", 1, "message.received", "s2-" + tag);
        await WebhookFixture.RecordEventsAsync(fx.Azurite, tag + "c", 1, "contact.created", "s1-" + tag);

        // Delivery is at least once (a busy machine may repeat one): compare the distinct event ids each receiver got.
        IEnumerable<string> Ids(string n) => fx.Receiver.On(P(n)).Select(r => r.WebhookId).Distinct().Order();
        string[] received = [$"evt_{tag}a_0", $"evt_{tag}a_1", $"evt_{tag}b_0"], s1 = [$"evt_{tag}a_0", $"evt_{tag}a_1", $"evt_{tag}c_0"], contacts = [$"evt_{tag}c_0"];
        await Wait.UntilAsync(() => Task.FromResult(Ids("received").Count() >= 3 && Ids("s1-all").Count() >= 3 && Ids("contacts").Any()), Patience, "every matching delivery");
        await WaitForQuietQueueAsync();
        Assert.Equal(received, Ids("received"));
        Assert.Equal(s1, Ids("s1-all"));
        Assert.Equal(contacts, Ids("contacts"));
        Assert.Empty(Ids("disabled"));
    }

    /// <summary>No visible delivery job left (the tests of this collection run one at a time).</summary>
    private Task WaitForQuietQueueAsync() => Wait.UntilAsync(async () =>
        (await fx.Azurite.Storage.Queue("webhook-deliveries").PeekMessagesAsync(1)).Value.Length == 0, Patience, "an empty delivery queue");
}
