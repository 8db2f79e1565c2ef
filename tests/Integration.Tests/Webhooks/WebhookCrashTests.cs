using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Webhooks;

/// <summary>At least once across a crash: its own Azurite and app processes, killed with SIGKILL mid-delivery.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task After_a_kill_9_mid_delivery_every_recorded_event_reaches_every_matching_subscriber_under_its_one_id()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var receiver = new WebhookReceiver();
        var paths = new[] { "/crash-a", "/crash-b", "/crash-c" };
        foreach (var p in paths) receiver.Delay(p, TimeSpan.FromMilliseconds(30)); // deliveries take a moment, so some are in flight at the kill
        const int count = 150;
        var prefix = Guid.NewGuid().ToString("N")[..8];

        await using (var first = FunctionsProcess.Start("TestHost", azurite.ConnectionString, WebhookFixture.Settings))
        {
            await first.WaitUntilReadyAsync();
            await Wait.UntilAsync(async () => (await WebhookFixture.Send(first, HttpMethod.Get, "api/v1/webhooks", null)).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key");
            await WebhookFixture.CreateAsync(first, new { url = receiver.Url(paths[0]), events = new[] { "message.received" } });
            await WebhookFixture.CreateAsync(first, new { url = receiver.Url(paths[1]), events = new[] { "*" } });
            await WebhookFixture.CreateAsync(first, new { url = receiver.Url(paths[2]), events = new[] { "message.received" }, sessionId = "crash" });
            await WebhookFixture.CreateAsync(first, new { url = receiver.Url("/crash-other"), events = new[] { "ticket.created" } });
            await WebhookFixture.RecordEventsAsync(azurite, prefix, count, "message.received", "crash");
            await Wait.UntilAsync(() => Task.FromResult(paths.Sum(p => receiver.On(p).Count) >= count / 2), TimeSpan.FromSeconds(60), "deliveries under way");
            await first.Process.KillAsync();
        }
        var beforeRestart = paths.Sum(p => receiver.On(p).Count);
        Assert.True(beforeRestart < count * paths.Length, "the kill came after every delivery; nothing was left to recover");

        await using var second = FunctionsProcess.Start("TestHost", azurite.ConnectionString, WebhookFixture.Settings);
        await second.WaitUntilReadyAsync();
        var expected = Enumerable.Range(0, count).Select(i => $"evt_{prefix}_{i}").ToHashSet();
        await Wait.UntilAsync(() => Task.FromResult(paths.All(p => expected.IsSubsetOf(receiver.On(p).Select(r => r.WebhookId)))),
            TimeSpan.FromSeconds(120), "every event at every subscriber");

        foreach (var p in paths)
        {
            var got = receiver.On(p);
            Assert.True(expected.SetEquals(got.Select(r => r.WebhookId)), $"{p} got ids outside the recorded events");
            // One id per event: the same event (by its index) never arrives under a second id, and header and body agree.
            Assert.All(got, r => Assert.Equal(r.WebhookId, r.Json.GetProperty("id").GetString()));
            Assert.All(got.GroupBy(r => r.Json.GetProperty("data").GetProperty("index").GetInt32()), g => Assert.Single(g.Select(r => r.WebhookId).Distinct()));
        }
        Assert.Empty(receiver.On("/crash-other"));
    }
}
