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

    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }
    public string ConnectionString { get; private set; } = "";
    public StorageAccount Account => StorageAccount.Parse(ConnectionString);

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(3);
        QueuePort = ports[1];
        TablePort = ports[2];
        _dataDir = Directory.CreateTempSubdirectory("azurite-").FullName;
        _process = ChildProcess.Start(RepoPaths.NodeBin("azurite"),
            ["--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", _dataDir,
             "--blobPort", ports[0].ToString(), "--queuePort", ports[1].ToString(), "--tablePort", ports[2].ToString()],
            new Dictionary<string, string?>());
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={StorageAccount.DevelopmentAccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1";
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException("Azurite exited: " + _process.Output);
            return await CanConnect(QueuePort) && await CanConnect(TablePort);
        }, TimeSpan.FromSeconds(30), "Azurite to listen");
    }

    private static async Task<bool> CanConnect(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
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
