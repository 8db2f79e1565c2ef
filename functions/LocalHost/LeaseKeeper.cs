using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using WaFunctions.Storage;

namespace WaFunctions.LocalHost;

/// <summary>
/// Keeps a received message hidden while its handler runs by pushing its visibility out at
/// half the lease, tracking the pop receipt each renewal returns.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _popReceipt;

    public LeaseKeeper(QueueClient queue, QueueMessage message, TimeSpan lease)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _renewal = RenewAsync(lease);
    }

    private async Task RenewAsync(TimeSpan lease)
    {
        using var timer = new PeriodicTimer(lease / 2);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await _gate.WaitAsync(_stop.Token).ConfigureAwait(false);
                try { _popReceipt = (await _queue.UpdateMessageAsync(_messageId, _popReceipt, (BinaryData?)null, lease, _stop.Token).ConfigureAwait(false)).Value.PopReceipt; }
                finally { _gate.Release(); }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (StorageFault.Is(e)) { /* lease lost: the message will be delivered again */ }
    }

    public Task CompleteAsync() => SettleAsync(receipt => _queue.DeleteMessageAsync(_messageId, receipt));

    public Task ReleaseAsync(TimeSpan delay) => SettleAsync(receipt => _queue.UpdateMessageAsync(_messageId, receipt, (BinaryData?)null, delay));

    private async Task SettleAsync(Func<string, Task> settle)
    {
        await StopRenewalAsync().ConfigureAwait(false);
        await settle(_popReceipt).ConfigureAwait(false);
    }

    private async Task StopRenewalAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        _gate.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewalAsync().ConfigureAwait(false);
        _stop.Dispose();
        _gate.Dispose();
    }
}
