using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using WaFunctions.Storage;

namespace WaFunctions.LocalHost;

/// <summary>
/// Polls one queue with the Azure Functions host's semantics: batch receive with a visibility
/// lease (renewed while a handler runs), delete on success, make visible again on failure, and
/// move to <c>&lt;queue&gt;-poison</c> after <see cref="LocalHostSettings.MaxDequeueCount"/> tries (host.json).
/// An empty queue is polled with a delay that doubles up to <see cref="LocalHostSettings.MaxPollingInterval"/>.
/// Like the Functions host, a new batch is fetched as soon as no more than <c>newBatchThreshold</c> messages are
/// still running, so one slow message never holds up the rest of the queue.
/// On shutdown it stops receiving and lets in-flight handlers finish; a message whose handler
/// never finished reappears when its lease runs out.
/// </summary>
internal sealed class QueueListener(QueueFunction function, StorageClients storage, StorageInitializer initializer,
    FunctionInvoker invoker, LocalHostSettings settings, ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await initializer.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        var queue = storage.Queue(function.QueueName);
        var delay = MinPollingInterval;
        var running = new HashSet<Task>();
        var newBatchThreshold = settings.NewBatchThreshold;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveWhere(t => t.IsCompleted);
            if (running.Count > newBatchThreshold)
            {
                // Handlers are not given the stopping token: a message being handled is finished, not abandoned.
                running.Remove(await Task.WhenAny(running).ConfigureAwait(false));
                continue;
            }
            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.QueueLease, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) when (StorageFault.Is(e))
            {
                logger.LogWarning("Receiving from {Queue} failed: {Error}", function.QueueName, e.Message);
                batch = [];
            }
            if (batch.Length == 0)
            {
                try { await Task.Delay(delay, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            delay = MinPollingInterval;
            foreach (var message in batch) running.Add(ProcessAsync(queue, message));
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ProcessAsync(QueueClient queue, QueueMessage message)
    {
        var lease = new LeaseKeeper(queue, message, settings.QueueLease);
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                // Tried too often already (e.g. every try crashed the process): do not try again.
                await MoveToPoisonAsync(queue, lease, message).ConfigureAwait(false);
                return;
            }
            try
            {
                await invoker.InvokeAsync(function.Method, message, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Function} failed on message {Id} (try {Try} of {Max})", function.Name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
                if (message.DequeueCount >= settings.MaxDequeueCount) await MoveToPoisonAsync(queue, lease, message).ConfigureAwait(false);
                else await lease.ReleaseAsync(settings.RetryDelay).ConfigureAwait(false);
                return;
            }
            await lease.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFault.Is(e))
        {
            // The lease was lost (or storage failed): the message reappears and is handled again.
            logger.LogWarning("Could not settle message {Id} on {Queue}: {Error}", message.MessageId, function.QueueName, e.Message);
        }
        finally
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, LeaseKeeper lease, QueueMessage message)
    {
        var poison = storage.Queue(StorageLayout.PoisonQueueName(queue.Name));
        // Copy first, then delete: a crash in between leaves a duplicate in poison, never a loss.
        await poison.SendMessageAsync(message.MessageText, timeToLive: TimeSpan.FromSeconds(-1)).ConfigureAwait(false);
        await lease.CompleteAsync().ConfigureAwait(false);
        logger.LogWarning("Message {Id} moved to {Poison} after {Tries} tries", message.MessageId, poison.Name, message.DequeueCount);
    }
}
