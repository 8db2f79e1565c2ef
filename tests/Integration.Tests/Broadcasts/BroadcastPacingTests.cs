using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>Pacing behaviour with compressed time: delays, pause, cancel, schedule, waiting reasons, opt-out, duplicate ticks.</summary>
[Collection(BroadcastCollection.Name)]
public sealed class BroadcastPacingTests(BroadcastFixture fixture)
{
    private BroadcastRig Rig => fixture.Rig;

    private Task UntilSends(string id, int n) =>
        Wait.UntilAsync(() => Task.FromResult(Rig.Collector.SendsOf(id).Count >= n), BroadcastRig.Patience, $"{n} sends of {id}");

    [Fact]
    public async Task Delays_between_sends_are_within_bounds_and_vary()
    {
        const double min = 0.3, max = 0.9;
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(min, max));
        var id = await Rig.CreateAsync(session, 25);
        await Rig.UntilStatusAsync(id, "completed", TimeSpan.FromSeconds(90));
        await UntilSends(id, 25);
        var at = Rig.Collector.SendsOf(id).OrderBy(s => s.ClientMessageId!.Length).ThenBy(s => s.ClientMessageId).Select(s => s.At).ToList();
        var gaps = at.Zip(at.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.All(gaps, g => Assert.True(g >= min - 0.02, $"gap {g:0.000}s is under the minimum delay {min}s"));
        // Coarse: overheads (queue polling, storage) only add; the sampler itself is checked exactly in the unit tests.
        Assert.All(gaps, g => Assert.True(g <= max + 1.5, $"gap {g:0.000}s is far above the maximum delay {max}s"));
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Count);
        Assert.True(sd > 0.08, $"gaps look constant (sd {sd:0.000}s): {string.Join(", ", gaps.Select(g => g.ToString("0.00")))}");
        Assert.InRange(mean, min, max + 0.5);
        Assert.True(gaps.Count(g => g < (min + max) / 2) >= 3 && gaps.Count(g => g >= (min + max) / 2) >= 3, "both halves of the range should occur");
    }

    [Fact]
    public async Task Pause_stops_sends_until_resume_and_cancel_stops_them_for_good()
    {
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(0.2, 0.3));
        var id = await Rig.CreateAsync(session, 30);
        await UntilSends(id, 3);
        var paused = await Rig.Data(await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/pause"));
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        var processed = paused.GetProperty("progress").GetProperty("processed").GetInt32();
        await Task.Delay(2000); // observation window: nothing may be sent while paused (no synchronisation depends on it)
        Assert.Equal(processed, Rig.Collector.SendsOf(id).Count);
        Assert.Equal("paused", (await Rig.BroadcastAsync(id)).GetProperty("status").GetString());
        // Resuming twice is harmless (the second is a no-op on a running broadcast).
        Assert.Equal("running", (await Rig.Data(await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/resume"))).GetProperty("status").GetString());
        await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/resume");
        await UntilSends(id, processed + 3);
        var cancelled = await Rig.Data(await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/cancel"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var atCancel = cancelled.GetProperty("progress").GetProperty("processed").GetInt32();
        Assert.True(atCancel < 30);
        await Task.Delay(2000); // observation window: no new send may start after the cancel (no synchronisation depends on it)
        // One send may already have been handed to the engine when the cancel arrived (a step runs one recipient at a time):
        // it is recorded, so the broadcast's count and the engine's commands agree, and nothing beyond it is sent.
        var final = await Wait.UntilAsync(async () =>
            (await Rig.BroadcastAsync(id)).GetProperty("progress").GetProperty("processed").GetInt32() is var n
                && n == Rig.Collector.SendsOf(id).Select(s => s.ClientMessageId).Distinct().Count() ? Tuple.Create(n) : null,
            BroadcastRig.Patience, "the broadcast's count to match the commands");
        Assert.InRange(final.Item1, atCancel, atCancel + 1);
        Assert.Equal(final.Item1, Rig.Collector.SendsOf(id).Count);
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/resume"), 409, "broadcast_finished");
    }

    [Fact]
    public async Task A_scheduled_broadcast_sends_nothing_before_its_time()
    {
        var session = await Rig.ReadySessionAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(4);
        var id = await Rig.CreateAsync(session, 2, at);
        await Wait.UntilAsync(async () => (await Rig.BroadcastAsync(id)).GetProperty("status").GetString() is "waiting" or "running" or "completed",
            BroadcastRig.Patience, "first tick");
        await Rig.UntilStatusAsync(id, "completed");
        await UntilSends(id, 2);
        Assert.All(Rig.Collector.SendsOf(id), s => Assert.True(s.At >= at, $"sent at {s.At:O}, scheduled for {at:O}"));
    }

    [Fact]
    public async Task Waits_while_the_number_is_not_ready_and_says_why()
    {
        var session = await Rig.ReadySessionAsync();
        await Rig.Bus.SendAsync("session.status", session, 5, new { status = "logged_out", reason = "logged_out", code = 401 });
        await Wait.UntilAsync(async () => (await Rig.GetAsync($"api/v1/sessions/{session}")).GetProperty("status").GetString() == "logged_out", BroadcastRig.Patience, "logged out");
        var id = await Rig.CreateAsync(session, 2);
        await Rig.UntilStatusAsync(id, "waiting");
        var b = await Rig.BroadcastAsync(id);
        Assert.Equal("session_not_ready", b.GetProperty("reason").GetString());
        Assert.StartsWith("logged_out", b.GetProperty("reasonDetail").GetString());
        Assert.Empty(Rig.Collector.SendsOf(id));
        await Rig.Bus.SendAsync("session.status", session, 9, EngineBus.Ready(BroadcastRig.Phone()));
        await Rig.UntilStatusAsync(id, "completed");
        await UntilSends(id, 2);
    }

    [Fact]
    public async Task Quiet_hours_hold_sends_in_the_sessions_zone()
    {
        // A window around "now" in Kolkata, crossing midnight when now is late in the day there.
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        var start = TimeOnly.FromDateTime(local.DateTime).AddHours(-1).ToString("HH:mm");
        var end = TimeOnly.FromDateTime(local.DateTime).AddHours(2).ToString("HH:mm");
        var session = await Rig.ReadySessionAsync(new
        {
            minDelaySeconds = 0.05, maxDelaySeconds = 0.1, warmup = new { enabled = false },
            quietHours = new { enabled = true, start, end, timeZone = "Asia/Kolkata" },
        });
        var id = await Rig.CreateAsync(session, 2);
        await Rig.UntilStatusAsync(id, "waiting");
        var b = await Rig.BroadcastAsync(id);
        Assert.Equal("quiet_hours", b.GetProperty("reason").GetString());
        var resumes = b.GetProperty("nextSendAt").GetDateTimeOffset();
        Assert.InRange((resumes - DateTimeOffset.UtcNow).TotalHours, 1.9, 2.1);
        Assert.Empty(Rig.Collector.SendsOf(id));
        // Lifting quiet hours and resuming sends at once.
        await Rig.Data(await Rig.Send(HttpMethod.Patch, $"api/v1/sessions/{session}/pacing", new { quietHours = new { enabled = false } }));
        await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/pause");
        await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/resume");
        await Rig.UntilStatusAsync(id, "completed");
    }

    [Fact]
    public async Task A_stop_word_suppresses_the_sender_for_later_broadcasts_until_deleted()
    {
        var session = await Rig.ReadySessionAsync();
        var stopper = BroadcastRig.Phone();
        await Rig.Bus.SendAsync("message.received", session, 20, EngineBus.Inbound("IN" + Guid.NewGuid().ToString("N")[..16], stopper + "@s.whatsapp.net", "  stop ", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await Rig.Bus.SendAsync("message.received", session, 21, EngineBus.Inbound("IN" + Guid.NewGuid().ToString("N")[..16], BroadcastRig.Phone() + "@s.whatsapp.net", "stop it", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await Wait.UntilAsync(async () => (await Rig.Send(HttpMethod.Get, $"api/v1/suppressions?limit=200")).Content.ReadAsStringAsync().Result.Contains(stopper),
            BroadcastRig.Patience, "the suppression");
        var other = BroadcastRig.Phone();
        var id = await Rig.CreateAsync(session, new[] { new { chatId = other, name = "A" }, new { chatId = "+" + stopper, name = "B" } });
        await Rig.UntilStatusAsync(id, "completed");
        var b = await Rig.BroadcastAsync(id);
        Assert.Equal(1, b.GetProperty("progress").GetProperty("skipped").GetInt32());
        var skipped = (await Rig.Data(await Rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}/recipients?status=skipped"))).EnumerateArray().Single();
        Assert.Equal(stopper + "@s.whatsapp.net", skipped.GetProperty("chatId").GetString());
        Assert.Equal("opted_out", skipped.GetProperty("reason").GetString());
        await UntilSends(id, 1);
        Assert.Equal([other + "@s.whatsapp.net"], Rig.Collector.SendsOf(id).Select(s => s.To));

        Assert.Equal(HttpStatusCode.NoContent, (await Rig.Send(HttpMethod.Delete, $"api/v1/suppressions/{stopper}")).StatusCode);
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Delete, $"api/v1/suppressions/{stopper}"), 404, "not_found");
        var again = await Rig.CreateAsync(session, new[] { new { chatId = stopper } });
        await Rig.UntilStatusAsync(again, "completed");
        await UntilSends(again, 1);
    }

    [Fact]
    public async Task Racing_pauses_and_resumes_send_nothing_twice()
    {
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(0.1, 0.2));
        var id = await Rig.CreateAsync(session, 15);
        // Pause and resume race each other while sends are under way: the orchestration is suspended and resumed and woken
        // out of order, and steps that read the state before a pause still finish theirs.
        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/resume"), Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/pause"));
            await Rig.Send(HttpMethod.Post, $"api/v1/broadcasts/{id}/resume");
        }
        await Rig.UntilStatusAsync(id, "completed");
        await UntilSends(id, 15);
        var sends = Rig.Collector.SendsOf(id);
        Assert.Equal(15, sends.Select(s => s.ClientMessageId).Distinct().Count());
        Assert.Equal(15, sends.Count);
        Assert.Equal(15, (await Rig.BroadcastAsync(id)).GetProperty("sentCount").GetInt32());
    }
}
