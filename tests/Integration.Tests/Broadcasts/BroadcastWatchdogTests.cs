using Azure;
using Azure.Data.Tables;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>A broadcast whose live tick is lost is picked up again by the watchdog and finishes, each recipient sent once.</summary>
[Collection(BroadcastCollection.Name)]
public sealed class BroadcastWatchdogTests(BroadcastFixture fixture)
{
    private BroadcastRig Rig => fixture.Rig;

    [Fact]
    public async Task A_broadcast_that_lost_its_tick_is_given_a_new_one_and_completes()
    {
        var session = await Rig.ReadySessionAsync(BroadcastRig.Fast(1, 1.5));
        var id = await Rig.CreateAsync(session, 4);
        await Wait.UntilAsync(() => Task.FromResult(Rig.Collector.SendsOf(id).Count >= 1), BroadcastRig.Patience, "the first send");

        // Lose the live tick: the state names a tick message that will never arrive, so the real next tick is
        // dropped as stale when it comes — what a tick moved to the poison queue looks like.
        var table = Rig.Azurite.Storage.Table("broadcasts");
        await Wait.UntilAsync(async () =>
        {
            var state = (await table.GetEntityAsync<TableEntity>(id, "state")).Value;
            if (state.GetInt32("Sending") is not null) return false; // mid-send: try again between sends
            try { await table.UpdateEntityAsync(new TableEntity(id, "state") { ["Tick"] = "lost-" + Guid.NewGuid() }, state.ETag); return true; }
            catch (RequestFailedException e) when (e.Status == 412) { return false; }
        }, BroadcastRig.Patience, "the live tick to be replaced by a lost one");

        await Rig.UntilStatusAsync(id, "completed", TimeSpan.FromSeconds(90));
        await Wait.UntilAsync(() => Task.FromResult(Rig.Collector.SendsOf(id).Count >= 4), BroadcastRig.Patience, "4 sends");
        Assert.Equal(4, Rig.Collector.SendsOf(id).Select(s => s.ClientMessageId).Distinct().Count());
    }
}
