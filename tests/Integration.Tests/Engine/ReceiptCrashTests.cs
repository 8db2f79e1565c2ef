using System.Net;
using WaFunctions.Tests.Infrastructure;
using WaFunctions.Tests.Webhooks;

namespace WaFunctions.Tests.Engine;

/// <summary>
/// The hardening report: after a kill -9 of the functions process, one of 30 messages never got its
/// <c>message.delivered</c>. Here 30 messages get their sent, delivered and read reports in shuffled order (read often
/// before delivered, both often before sent), some twice, the process is killed with SIGKILL while it handles them,
/// and a new one takes over: every report reaches the subscriber under exactly one id, and every message ends read.
/// Own Azurite, receiver and processes.
/// </summary>
public sealed class ReceiptCrashTests
{
    [Fact]
    public async Task After_a_kill_9_every_receipt_of_30_messages_is_fanned_out_once()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var receiver = new WebhookReceiver();
        const string path = "/receipts";
        receiver.Delay(path, TimeSpan.FromMilliseconds(250)); // deliveries take a while, so the kill finds some in flight
        var bus = new EngineBus(azurite.Storage);
        const int count = 30;
        var ids = new List<string>();
        string session;

        await using (var first = FunctionsProcess.Start("WaFunctions", azurite.ConnectionString, WebhookFixture.Settings))
        {
            await first.WaitUntilReadyAsync();
            await Wait.UntilAsync(async () => (await WebhookFixture.Send(first, HttpMethod.Get, "api/v1/webhooks", null)).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key");
            await WebhookFixture.CreateAsync(first, new { url = receiver.Url(path), events = new[] { "message.sent", "message.delivered", "message.read" } });
            session = (await ApiFixture.JsonAsync(await WebhookFixture.Send(first, HttpMethod.Post, "api/v1/sessions", new { name = "crash" }))).GetProperty("data").GetProperty("id").GetString()!;
            await bus.SendAsync("session.status", session, 1, EngineBus.Ready("4915100099999"));
            await Wait.UntilAsync(async () => (await ApiFixture.JsonAsync(await WebhookFixture.Send(first, HttpMethod.Get, $"api/v1/sessions/{session}", null)))
                .GetProperty("data").GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(30), "ready");
            Assert.True((await WebhookFixture.Send(first, HttpMethod.Patch, $"api/v1/sessions/{session}/pacing", new { warmup = (object?)null })).IsSuccessStatusCode);
            for (var i = 0; i < count; i++)
            {
                var sent = await WebhookFixture.Send(first, HttpMethod.Post, "api/v1/messages", new { to = $"49151{i:D8}", text = $"order {i} shipped", from = session });
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
                ids.Add((await ApiFixture.JsonAsync(sent)).GetProperty("id").GetString()!);
            }
            var reports = ids.SelectMany((id, i) => new (long Seq, string Type, object Data)[]
            {
                (100 + i * 3, "message.sent", new { clientMessageId = "c" + i, messageId = id, to = $"49151{i:D8}@s.whatsapp.net", timestamp = 1_751_193_300 + i }),
                (101 + i * 3, "message.status", new { messageId = id, chatId = $"49151{i:D8}@s.whatsapp.net", status = "delivered", timestamp = 1_751_193_400 + i }),
                (102 + i * 3, "message.status", new { messageId = id, chatId = $"49151{i:D8}@s.whatsapp.net", status = "read", timestamp = 1_751_193_500 + i }),
            }).OrderBy(_ => Random.Shared.Next()).ToList();
            var texts = new List<string>();
            foreach (var r in reports) texts.Add(await bus.SendAsync(r.Type, session, r.Seq, r.Data));
            foreach (var again in texts.Where((_, i) => i % 7 == 0)) await bus.RedeliverAsync(again); // at least once: some come twice
            await Wait.UntilAsync(() => Task.FromResult(receiver.On(path).Count >= 5), TimeSpan.FromSeconds(60), "fan-out under way");
            await first.Process.KillAsync();
        }
        Assert.True(receiver.On(path).Select(r => r.WebhookId).Distinct().Count() < count * 3, "everything was fanned out before the kill; nothing was left to recover");

        await using var second = FunctionsProcess.Start("WaFunctions", azurite.ConnectionString, WebhookFixture.Settings);
        await second.WaitUntilReadyAsync();
        string[] types = ["message.sent", "message.delivered", "message.read"];
        await Wait.UntilAsync(() => Task.FromResult(receiver.On(path).Select(r => r.WebhookId).Distinct().Count() >= count * 3), TimeSpan.FromSeconds(120), "every report fanned out");
        await bus.DrainedAsync();

        var got = receiver.On(path).Select(r => r.Json).ToList();
        foreach (var id in ids)
            foreach (var type in types)
            {
                var events = got.Where(e => e.GetProperty("type").GetString() == type && e.GetProperty("data").GetProperty("id").GetString() == id).ToList();
                Assert.True(events.Count > 0, $"{id} never got {type}");
                Assert.Single(events.Select(e => e.GetProperty("id").GetString()).Distinct());
            }
        Assert.Equal(count * 3, got.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        foreach (var id in ids)
        {
            var message = (await ApiFixture.JsonAsync(await WebhookFixture.Send(second, HttpMethod.Get, $"api/v1/messages/{id}", null))).GetProperty("data");
            Assert.Equal("read", message.GetProperty("status").GetString());
        }
    }
}
