using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>One number's daily cap holds across two broadcasts and direct sends, served by two functions processes.</summary>
[Collection(BroadcastCollection.Name)]
public sealed class DailyCapTests(BroadcastFixture fixture)
{
    private BroadcastRig Rig => fixture.Rig;

    [Fact]
    public async Task The_cap_holds_under_concurrency_and_direct_sends_beyond_it_get_429()
    {
        const int cap = 12;
        var second = await Rig.StartProcessAsync();
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(0.01, 0.03, cap));
        var a = await Rig.CreateAsync(session, 15);
        var b = await Rig.CreateAsync(session, 15, via: second);
        var direct = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Rig.Send(HttpMethod.Post, "api/v1/messages",
            new { to = BroadcastRig.Phone(), text = "direct " + i, from = session }, via: i % 2 == 0 ? Rig.App : second)));
        await Rig.UntilStatusAsync(a, "waiting");
        await Rig.UntilStatusAsync(b, "waiting");
        foreach (var id in new[] { a, b })
        {
            var s = await Rig.BroadcastAsync(id);
            Assert.Equal("daily_cap", s.GetProperty("reason").GetString());
            Assert.True(s.GetProperty("nextSendAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        }
        var accepted = direct.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        foreach (var refused in direct.Where(r => r.StatusCode != HttpStatusCode.Accepted)) await ApiFixture.AssertErrorAsync(refused, 429, "daily_cap_reached");
        var counted = (await Rig.BroadcastAsync(a)).GetProperty("progress").GetProperty("processed").GetInt32()
            + (await Rig.BroadcastAsync(b)).GetProperty("progress").GetProperty("processed").GetInt32() + accepted;
        Assert.Equal(cap, counted);
        await Wait.UntilAsync(() => Task.FromResult(Rig.Collector.Sends(session).Count >= cap), BroadcastRig.Patience, "the capped sends");
        await Task.Delay(1500); // nothing more may arrive
        Assert.Equal(cap, Rig.Collector.Sends(session).Count);
        await ApiFixture.AssertErrorAsync(await Rig.Send(HttpMethod.Post, "api/v1/messages", new { to = BroadcastRig.Phone(), text = "one more", from = session }), 429, "daily_cap_reached");
    }
}
