using System.Collections.Concurrent;

namespace WaFunctions.Webhooks;

/// <summary>
/// Bounds deliveries in flight per receiver (scheme + host + port) in this process. A delivery that
/// finds its receiver's slots taken does not wait for one: its job goes back to the queue with a
/// short delay, so a slow or dead receiver holds at most a few of the host's handler slots and
/// deliveries to every other receiver go on.
/// </summary>
public sealed class ReceiverLimiter(WebhookSettings settings)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);

    public static string KeyOf(Uri url) => url.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    /// <summary>A slot to release when done, or null when the receiver is at its limit.</summary>
    public IDisposable? TryEnter(Uri url)
    {
        var slots = _slots.GetOrAdd(KeyOf(url), _ => new SemaphoreSlim(settings.ConcurrencyPerReceiver, settings.ConcurrencyPerReceiver));
        return slots.Wait(0) ? new Slot(slots) : null;
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;
        public void Dispose() { if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release(); }
    }
}
