using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>The broadcasts API against the real app: shapes, validation, scopes, sending, progress, paging.</summary>
[Collection(BroadcastCollection.Name)]
public sealed class BroadcastsApiTests(BroadcastFixture fixture)
{
    private BroadcastRig Rig => fixture.Rig;

    [Fact]
    public async Task Create_answers_the_seed_shape_removes_duplicates_and_names_bad_input()
    {
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(5, 10)); // slow: the test reads it while queued
        var created = await Rig.Send(HttpMethod.Post, "api/v1/broadcasts", new
        {
            name = "October offer", sessionId = session, message = "Hi {{name}}, here is 10% off this week.",
            recipients = new object[] { new { chatId = "919812345678@s.whatsapp.net", name = "Asha" }, new { chatId = "+91 98123 45678" }, new { chatId = "4915112345678" } },
        });
        var data = await Rig.Data(created, HttpStatusCode.Created);
        Assert.Matches("^b_[a-z0-9]{10}$", data.GetProperty("id").GetString());
        Assert.Equal("October offer", data.GetProperty("name").GetString());
        Assert.Equal(session, data.GetProperty("sessionId").GetString());
        Assert.Equal("Hi {{name}}, here is 10% off this week.", data.GetProperty("message").GetString());
        Assert.Equal("queued", data.GetProperty("status").GetString());
        Assert.Equal(2, data.GetProperty("total").GetInt32());
        Assert.Equal(0, data.GetProperty("sentCount").GetInt32());
        Assert.Equal(0, data.GetProperty("failedCount").GetInt32());
        Assert.Equal(1, data.GetProperty("duplicatesRemoved").GetInt32());

        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Post, "api/v1/broadcasts",
            new { name = "x", sessionId = "nnosuch1", message = "m", recipients = new[] { new { chatId = "4915112345678" } } }), 400, "invalid_input");
        var unknown = await (await Rig.Send(HttpMethod.Post, "api/v1/broadcasts",
            new { name = "x", sessionId = "nnosuch1", message = "m", recipients = new[] { new { chatId = "4915112345678" } } })).Content.ReadAsStringAsync();
        Assert.Contains("nnosuch1", unknown);
        var bad = await Rig.Send(HttpMethod.Post, "api/v1/broadcasts", new { name = "x", sessionId = session, message = "m", recipients = new[] { new { chatId = "4915112345678" }, new { chatId = "12" } } });
        await ApiFixture.AssertErrorAsync(bad, 400, "invalid_input");
        Assert.Contains("recipients[1].chatId", await bad.Content.ReadAsStringAsync());
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Post, "api/v1/broadcasts", new { name = "x", sessionId = session, message = "m", recipients = Array.Empty<object>() }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Get, "api/v1/broadcasts/b_nosuchthing"), 404, "not_found");
    }

    [Fact]
    public async Task Scopes_separate_reading_from_sending()
    {
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(5, 10));
        var id = await Rig.CreateAsync(session, 3); // 5-10 s between sends: still running when cancelled below
        var reader = await NewKeyAsync("broadcasts:read");
        var writer = await NewKeyAsync("broadcasts:write");
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Post, "api/v1/broadcasts", new { name = "x", sessionId = session, message = "m", recipients = new[] { new { chatId = "4915112345678" } } }, reader), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/pause", null, reader), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}", null, writer), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Get, "api/v1/suppressions", null, writer), 403, "insufficient_scope");
        Assert.Equal(HttpStatusCode.OK, (await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}", null, reader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/cancel", null, writer)).StatusCode);
    }

    private async Task<string> NewKeyAsync(string scope) =>
        (await Rig.Data(await Rig.Send(HttpMethod.Post, "api/v1/api-keys", new { name = "k " + scope, scopes = new[] { scope } }), HttpStatusCode.Created))
        .GetProperty("key").GetString()!;

    [Fact]
    public async Task Sends_each_recipient_once_with_its_name_then_completes_with_progress_and_paged_recipients()
    {
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast() );
        var id = await Rig.CreateAsync(session, 12);
        await Rig.UntilStatusAsync(id, "completed");
        await Wait.UntilAsync(() => Task.FromResult(Rig.Collector.SendsOf(id).Count >= 12), BroadcastRig.Patience, "12 sends collected");
        var sends = Rig.Collector.SendsOf(id);
        Assert.Equal(12, sends.Count);
        Assert.Equal(12, sends.Select(s => s.ClientMessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"bc_{id}_{i}"), sends.OrderBy(s => s.At).Select(s => s.ClientMessageId));
        Assert.Equal("Hi Person 0, 10% off", sends.Single(s => s.ClientMessageId == $"bc_{id}_0").Text);
        Assert.Equal("Hi friend, 10% off", sends.Single(s => s.ClientMessageId == $"bc_{id}_1").Text);
        // Completed means every recipient has its outcome: all twelve reported sent by the (collector's) engine.
        var b = await Rig.BroadcastAsync(id);
        Assert.Equal((12, 0, 0, 12), (b.GetProperty("progress").GetProperty("sent").GetInt32(), b.GetProperty("progress").GetProperty("queued").GetInt32(),
            b.GetProperty("progress").GetProperty("pending").GetInt32(), b.GetProperty("progress").GetProperty("processed").GetInt32()));
        Assert.Equal(12, b.GetProperty("sentCount").GetInt32());

        // Recipients: paged in order, filtered by status.
        var page1 = await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?limit=5"));
        Assert.Equal([0, 1, 2, 3, 4], page1.EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        var raw = await ApiFixtureJson(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?limit=5"));
        var cursor = raw.GetProperty("nextCursor").GetString();
        var page2 = await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?limit=5&cursor={cursor}"));
        Assert.Equal([5, 6, 7, 8, 9], page2.EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(12, (await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=sent"))).GetArrayLength());
        Assert.Equal(0, (await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=pending"))).GetArrayLength());
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=bogus"), 400, "invalid_input");

        // Newest first.
        var newer = await Rig.CreateAsync(session, 1);
        var list = await Rig.Data(await Rig.Send(HttpMethod.Get, "api/v1/broadcasts?limit=50"));
        var ids = list.EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(newer) < ids.IndexOf(id) && ids.IndexOf(newer) >= 0);
    }

    private static Task<System.Text.Json.JsonElement> ApiFixtureJson(HttpResponseMessage r) => ApiFixture.JsonAsync(r);

    [Fact]
    public async Task Engine_reports_move_recipients_and_counts_and_are_applied_once_and_completion_waits_for_all()
    {
        var session = await Rig.ReadySessionAsync();
        Rig.Collector.Silent[session] = true; // this test plays the engine's reports itself
        var id = await Rig.CreateAsync(session, 3);
        await Wait.UntilAsync(async () => (await Rig.BroadcastAsync(id)).GetProperty("progress").GetProperty("queued").GetInt32() == 3,
            BroadcastRig.Patience, "all three handed to the engine");
        // Handed over is not done: without a final outcome for every recipient the broadcast is still running.
        Assert.Equal("running", (await Rig.BroadcastAsync(id)).GetProperty("status").GetString());
        var ids = await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients"));
        string MessageId(int i) => ids[i].GetProperty("messageId").GetString()!;
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Rig.Bus.SendAsync("message.sent", session, 10, new { clientMessageId = $"bc_{id}_0", messageId = MessageId(0), to = ids[0].GetProperty("chatId").GetString(), timestamp = now });
        var twice = await Rig.Bus.SendAsync("message.sent", session, 11, new { clientMessageId = $"bc_{id}_1", messageId = MessageId(1), to = ids[1].GetProperty("chatId").GetString(), timestamp = now });
        await Rig.Bus.RedeliverAsync(twice);
        await Rig.Bus.SendAsync("message.status", session, 12, new { messageId = MessageId(1), chatId = ids[1].GetProperty("chatId").GetString(), status = "read", timestamp = now });
        await Rig.Bus.SendAsync("message.failed", session, 13, new { clientMessageId = $"bc_{id}_2", error = "not_on_whatsapp", retryable = false });
        await Wait.UntilAsync(async () =>
        {
            var p = (await Rig.BroadcastAsync(id)).GetProperty("progress");
            return p.GetProperty("sent").GetInt32() == 2 && p.GetProperty("read").GetInt32() == 1 && p.GetProperty("failed").GetInt32() == 1;
        }, BroadcastRig.Patience, "reports applied");
        await Rig.UntilStatusAsync(id, "completed");
        var b = await Rig.BroadcastAsync(id);
        Assert.Equal(2, b.GetProperty("sentCount").GetInt32());
        Assert.Equal(1, b.GetProperty("failedCount").GetInt32());
        Assert.Equal(1, b.GetProperty("progress").GetProperty("delivered").GetInt32());
        Assert.Equal(0, b.GetProperty("progress").GetProperty("queued").GetInt32());
        var failed = (await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=failed"))).EnumerateArray().Single();
        Assert.Equal("not_on_whatsapp", failed.GetProperty("reason").GetString());
        Assert.Equal("read", (await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=read")))[0].GetProperty("status").GetString());
        await Wait.UntilAsync(() => Task.FromResult(Rig.Collector.SendsOf(id).Count >= 3), BroadcastRig.Patience, "three sends");
        Assert.Equal(3, Rig.Collector.SendsOf(id).Count);
    }
}
