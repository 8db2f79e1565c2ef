namespace WaFunctions.Tests.Broadcasts;

/// <summary>One Azurite, one app process and one command collector shared by the broadcast tests (unique sessions per test).</summary>
public sealed class BroadcastFixture : IAsyncLifetime
{
    internal BroadcastRig Rig { get; } = new();

    public Task InitializeAsync() => Rig.StartAsync();

    public async Task DisposeAsync() => await Rig.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BroadcastCollection : ICollectionFixture<BroadcastFixture>
{
    public const string Name = "broadcasts";
}
