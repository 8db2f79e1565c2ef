using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Azure.Storage.Blobs.Specialized;
using WaFunctions.Sessions;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Sessions;

/// <summary>
/// <see cref="EngineOwner"/> reads what the engine-host writes: the lease blob of a session (owner metadata, lease
/// state) as a real engine-host process (simulator) leaves it while it runs the session and after a graceful stop,
/// and blobs shaped by hand for the cases a running engine does not show on demand.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EngineOwnerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Names_the_blob_as_the_engine_host_does()
    {
        Assert.Equal("sessions/shop~2F1", EngineOwner.BlobName("shop/1"));
        Assert.Equal("sessions/a-b_C9~20~C3~A4~7E", EngineOwner.BlobName("a-b_C9 ä~"));
    }

    [Fact]
    public async Task No_lease_blob_means_no_owner()
    {
        var container = azurite.Storage.Container(AzuriteFixture.UniqueName("leases"));
        Assert.Null(await EngineOwner.ReadAsync(container, "never-seen", default)); // no container yet
        await container.CreateIfNotExistsAsync();
        Assert.Null(await EngineOwner.ReadAsync(container, "never-seen", default));
    }

    [Fact]
    public async Task A_held_lease_is_alive_a_released_one_names_the_last_owner()
    {
        var container = azurite.Storage.Container(AzuriteFixture.UniqueName("leases"));
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(EngineOwner.BlobName("shop/1"));
        await blob.UploadAsync(BinaryData.FromString(""));
        var lease = blob.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(15));
        var since = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        await blob.SetMetadataAsync(new Dictionary<string, string>
        {
            ["replica"] = "replica-2", ["inbox"] = "engine-commands-in-0123456789", ["since"] = since.ToString("O"), ["host"] = "h", ["pid"] = "7",
        }, new Azure.Storage.Blobs.Models.BlobRequestConditions { LeaseId = lease.LeaseId });
        var heartbeat = new DateTimeOffset(2026, 1, 2, 3, 5, 0, TimeSpan.Zero);
        var replica = container.GetBlobClient("replicas/engine-commands-in-0123456789");
        await replica.UploadAsync(BinaryData.FromString(""));
        await replica.SetMetadataAsync(new Dictionary<string, string> { ["heartbeat"] = heartbeat.ToString("O") });

        Assert.Equal(new EngineOwner("replica-2", since, true), await EngineOwner.ReadAsync(container, "shop/1", default));
        Assert.Equal(new EngineOwner("replica-2", since, true, heartbeat), await EngineOwner.ReadAsync(container, "shop/1", default, withHeartbeat: true));

        await lease.ReleaseAsync();
        Assert.Equal(new EngineOwner("replica-2", since, false), await EngineOwner.ReadAsync(container, "shop/1", default));
    }

    [Fact]
    public async Task Reads_what_a_running_engine_host_writes_and_what_it_leaves_after_a_graceful_stop()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var commands = $"cmd-{prefix}";
        var leases = $"leases-{prefix}";
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [EngineOwner.ContainerSetting] = leases }).Build();
        await using var engine = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "engine-host", "dist", "src", "index.js")],
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["WA_ENGINE"] = "simulator",
                ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
                ["WA_ENGINE_COMMANDS_QUEUE"] = commands,
                ["WA_ENGINE_EVENTS_QUEUE"] = $"evt-{prefix}",
                ["WA_ENGINE_TABLE_PREFIX"] = prefix,
                [EngineOwner.ContainerSetting] = leases,
                ["WA_ENGINE_REPLICA_ID"] = "replica-7",
                ["WA_POLL_MAX_MS"] = "200",
                ["WA_LOG_LEVEL"] = "warn",
            }, Path.Combine(RepoPaths.Root, "engine-host"));

        var sessionId = "shop/" + Guid.NewGuid().ToString("N")[..6];
        var queue = azurite.Storage.Queue(commands);
        await queue.CreateIfNotExistsAsync();
        var started = DateTimeOffset.UtcNow;
        await queue.SendMessageAsync(JsonSerializer.Serialize(new
        {
            v = 1, id = Guid.NewGuid().ToString(), type = "session.start", sessionId, at = DateTimeOffset.UtcNow.ToString("O"), data = new { },
        }));

        var owner = await Wait.UntilAsync(async () =>
        {
            if (engine.HasExited) throw new InvalidOperationException("The engine-host exited:\n" + engine.Output);
            return await EngineOwner.ReadAsync(azurite.Storage, config, sessionId, default, withHeartbeat: true) is { Alive: true } o ? o : null;
        }, Patience, "the engine-host to own the session");
        Assert.Equal("replica-7", owner.Replica);
        Assert.InRange(owner.Since, started.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.NotNull(owner.HeartbeatAt);

        // SIGTERM: the socket is closed and the lease released; the last owner stays on record.
        Assert.Equal(0, await engine.StopAsync(Patience));
        var after = await EngineOwner.ReadAsync(azurite.Storage, config, sessionId, default);
        Assert.Equal(owner with { Alive = false, HeartbeatAt = null }, after);
    }
}
