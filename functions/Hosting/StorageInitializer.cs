using WaFunctions.Storage;

namespace WaFunctions.Hosting;

/// <summary>
/// Creates every table and queue the app uses (each function's queue and its poison queue) before
/// pollers start, retrying until storage answers, so the app can start before Azurite does.
/// </summary>
internal sealed class StorageInitializer(StorageClients storage, FunctionCatalog catalog, ILogger<StorageInitializer> logger)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(
                    catalog.Tables.Select(Task (t) => storage.Table(t).CreateIfNotExistsAsync(cancellationToken))
                        .Concat(catalog.Queues.Select(Task (q) => storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))).ConfigureAwait(false);
                logger.LogInformation("Storage ready: {Tables} tables, {Queues} queues", catalog.Tables.Count, catalog.Queues.Count);
                _ready.TrySetResult();
                return;
            }
            catch (Exception e) when (StorageFault.Is(e))
            {
                logger.LogWarning("Storage not reachable yet ({Error}); retrying in {Delay}", (e as AggregateException)?.InnerExceptions[0].Message ?? e.Message, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
