using WaFunctions.Tests.Infrastructure;
using WaFunctions.Webhooks;

namespace WaFunctions.Tests.Webhooks;

[Collection(AzuriteCollection.Name)]
public sealed class DeliveryLogRetentionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Pruning_deletes_only_attempts_older_than_the_cutoff_and_reports_their_large_bodies()
    {
        var storage = azurite.Storage;
        await storage.Table(DeliveryLog.TableName).CreateIfNotExistsAsync();
        var log = new DeliveryLog(storage);
        var webhookId = "wh_" + Guid.NewGuid().ToString("N")[..20];
        var now = DateTimeOffset.UtcNow;
        DeliveryAttempt Attempt(DateTimeOffset at, string? bodyRef) => new(DeliveryAttempt.NewId(at), webhookId, "evt_" + Guid.NewGuid().ToString("N"),
            "message.received", 1, "succeeded", at, 200, 12, "ok", null, null, bodyRef is null ? "{}" : null, bodyRef);

        var old = new[] { Attempt(now.AddDays(-40), "evt_big_1"), Attempt(now.AddDays(-35), null), Attempt(now.AddDays(-31), "evt_big_2") };
        var recent = new[] { Attempt(now.AddDays(-29), "evt_big_3"), Attempt(now.AddMinutes(-1), null) };
        foreach (var a in old.Concat(recent)) await log.WriteAsync(a, CancellationToken.None);

        var (deleted, bodyRefs) = await log.PruneAsync(webhookId, now.AddDays(-30), 5_000, CancellationToken.None);

        Assert.Equal(3, deleted);
        Assert.Equal(["evt_big_1", "evt_big_2"], bodyRefs.Order());
        var (left, _) = await log.ListAsync(webhookId, 100, null, CancellationToken.None);
        Assert.Equal(recent.Select(a => a.Id).Order(StringComparer.Ordinal), left.Select(a => a.Id)); // newest first = ascending inverted ids
        Assert.Equal(0, (await log.PruneAsync(webhookId, now.AddDays(-30), 5_000, CancellationToken.None)).Deleted);
    }
}
