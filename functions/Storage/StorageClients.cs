using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace WaFunctions.Storage;

/// <summary>
/// The official Table, Queue and Blob clients for one storage account, one client per table, queue and container,
/// created once and shared by the whole process (they are thread-safe and hold the HTTP pipeline). Build it from
/// settings with <see cref="StorageSettings"/>.
/// </summary>
public sealed class StorageClients
{
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;
    private readonly ConcurrentDictionary<string, TableClient> _tableClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueueClient> _queueClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BlobContainerClient> _containerClients = new(StringComparer.Ordinal);

    public StorageClients(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs) =>
        (_tables, _queues, _blobs) = (tables, queues, blobs);

    /// <summary>A connection string: <c>UseDevelopmentStorage=true</c>, explicit Azurite endpoints, or an account key.</summary>
    public static StorageClients FromConnectionString(string connectionString) => new(
        new TableServiceClient(connectionString, Configure(new TableClientOptions())),
        new QueueServiceClient(connectionString, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })),
        new BlobServiceClient(connectionString, Configure(new BlobClientOptions())));

    /// <summary>Microsoft Entra ID (managed identity in Azure, where the account has Shared Key access turned off).</summary>
    public static StorageClients FromServiceUris(Uri table, Uri queue, Uri blob, TokenCredential credential) => new(
        new TableServiceClient(table, credential, Configure(new TableClientOptions())),
        new QueueServiceClient(queue, credential, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })),
        new BlobServiceClient(blob, credential, Configure(new BlobClientOptions())));

    public Uri TableServiceUri => _tables.Uri;
    public Uri QueueServiceUri => _queues.Uri;
    public Uri BlobServiceUri => _blobs.Uri;

    public TableClient Table(string name) => _tableClients.GetOrAdd(name, _tables.GetTableClient);

    /// <summary>Messages are base64, as the Functions host and the engine-host read and write them.</summary>
    public QueueClient Queue(string name) => _queueClients.GetOrAdd(name, _queues.GetQueueClient);

    public BlobContainerClient Container(string name) => _containerClients.GetOrAdd(name, _blobs.GetBlobContainerClient);

    /// <summary>
    /// Bounded retries: a request meets a storage outage within about a second (three tries, 0.1 s then 0.2 s apart)
    /// instead of the SDK default's half a minute, so the API can answer 503 quickly; the network timeout bounds a
    /// storage that accepts connections but does not answer.
    /// </summary>
    private static T Configure<T>(T options) where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(400);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
