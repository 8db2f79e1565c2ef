namespace WaFunctions.Broadcasts.Tick;

/// <summary>The points between the storage steps of a tick, in order (crash tests stop the process at each).</summary>
public enum TickStep
{
    Loaded = 1,          // state, session and pacing read; nothing changed yet
    Reserved = 2,        // daily-cap slot reserved for the recipient's clientMessageId
    Claimed = 3,         // recipient taken: cursor advanced, "sending i" marker set (one transaction)
    MessageStored = 4,   // the outbound message row written (receipts find the recipient through it)
    SendEnqueued = 5,    // message.send on engine-commands
    NextTickEnqueued = 6,// the next tick on broadcast-ticks, hidden for the random delay
    Marked = 7,          // recipient queued, marker cleared, live tick = the new one (one transaction)
}

/// <summary>
/// A seam for fault injection between the steps of a tick. Production registers <see cref="NoTickFaults"/>; the test host
/// registers one that kills the process at a configured step, so tests prove recovery from a crash between any two steps.
/// </summary>
public interface ITickFaults
{
    ValueTask AtAsync(TickStep step, string broadcastId, int index);
}

internal sealed class NoTickFaults : ITickFaults
{
    public ValueTask AtAsync(TickStep step, string broadcastId, int index) => ValueTask.CompletedTask;
}
