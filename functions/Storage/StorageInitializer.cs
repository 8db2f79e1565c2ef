using WaFunctions.Api;

namespace WaFunctions.Storage;

/// <summary>The tables, queues (each with its <c>-poison</c> twin when a trigger reads it) and blob containers the app uses.</summary>
public sealed record StorageLayout(IReadOnlyList<string> Tables, IReadOnlyList<string> Queues, IReadOnlyList<string> Containers)
{
    public StorageLayout With(IEnumerable<string> queues) => this with { Queues = [.. Queues.Concat(queues).Distinct(StringComparer.Ordinal)] };

    public static string PoisonQueueName(string queueName) => queueName + "-poison";
}

/// <summary>
/// Creates every table, queue and container of the <see cref="StorageLayout"/> at start-up, retrying until storage
/// answers, so the app can start before Azurite does. Triggers and the readiness probe wait for it.
/// </summary>
public sealed class StorageInitializer(StorageClients storage, StorageLayout layout, ILogger<StorageInitializer> logger) : BackgroundService, IStartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public bool IsOpen => _ready.Task.IsCompletedSuccessfully;

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(
                    layout.Tables.Select(Task (t) => storage.Table(t).CreateIfNotExistsAsync(cancellationToken))
                        .Concat(layout.Queues.Select(Task (q) => storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
                        .Concat(layout.Containers.Select(Task (c) => storage.Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken))))
                    .ConfigureAwait(false);
                logger.LogInformation("Storage ready: {Tables} tables, {Queues} queues, {Containers} containers", layout.Tables.Count, layout.Queues.Count, layout.Containers.Count);
                _ready.TrySetResult();
                return;
            }
            catch (Exception e) when (StorageFault.Is(e))
            {
                logger.LogWarning("Storage not reachable yet ({Error}); retrying in {Delay}", (e as AggregateException)?.InnerExceptions[0].Message ?? e.Message, delay);
                try { await Task.Delay(delay, cancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
