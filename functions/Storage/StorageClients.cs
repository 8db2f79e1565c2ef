using System.Collections.Concurrent;

namespace WaFunctions.Storage;

/// <summary>
/// One client per table and per queue name, shared by the whole process (clients are thread-safe
/// and hold the HTTP pipeline, so creating one per request would waste connections).
/// </summary>
public sealed class StorageClients(StorageAccount account)
{
    private readonly ConcurrentDictionary<string, TableClient> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    public StorageAccount Account { get; } = account;

    public TableClient Table(string name) => _tables.GetOrAdd(name, n => new TableClient(Account, n));

    public QueueClient Queue(string name) => _queues.GetOrAdd(name, n => new QueueClient(Account, n));
}
