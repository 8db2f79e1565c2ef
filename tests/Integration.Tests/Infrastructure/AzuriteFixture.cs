using System.Net.Sockets;
using WaFunctions.Storage;

namespace WaFunctions.Tests.Infrastructure;

/// <summary>
/// A real Azurite (the version pinned in the repo's package.json) on free ports, with its data in
/// a temporary folder, started once per test collection and stopped afterwards.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private ChildProcess? _process;
    private string _dataDir = "";

    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }
    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's own clients for this Azurite (tables, base64 queues, blobs).</summary>
    public StorageClients Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(3);
        BlobPort = ports[0];
        QueuePort = ports[1];
        TablePort = ports[2];
        _dataDir = Directory.CreateTempSubdirectory("azurite-").FullName;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1";
        Storage = StorageClients.FromConnectionString(ConnectionString);
        await StartAsync();
    }

    /// <summary>Starts Azurite on this fixture's ports and data (again, after <see cref="StopAsync"/>: a storage outage ends).</summary>
    public async Task StartAsync()
    {
        _process = ChildProcess.Start(RepoPaths.NodeBin("azurite"),
            ["--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", _dataDir,
             "--blobPort", BlobPort.ToString(), "--queuePort", QueuePort.ToString(), "--tablePort", TablePort.ToString()],
            new Dictionary<string, string?>());
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException("Azurite exited: " + _process.Output);
            return await CanConnect(BlobPort) && await CanConnect(QueuePort) && await CanConnect(TablePort);
        }, TimeSpan.FromSeconds(30), "Azurite to listen");
    }

    private static async Task<bool> CanConnect(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
    }

    /// <summary>
    /// Stops Azurite (SIGTERM, so it saves what it holds in memory first): storage is down until <see cref="StartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(30));
        await _process.DisposeAsync();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A name no other test uses, valid for both tables (letters, digits) and queues (lowercase).</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
