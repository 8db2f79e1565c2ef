namespace WaFunctions.Broadcasts.Run;

/// <summary>
/// What the orchestrator does after a step: take the next step at once, wait (a durable timer, cut short by a wake
/// event) until <see cref="Until"/>, or stop because the broadcast has finished.
/// </summary>
public sealed record BroadcastStep(string Action, DateTimeOffset? Until = null)
{
    public const string Next = "next", Wait = "wait", Stop = "stop";

    public static readonly BroadcastStep Again = new(Next);
    public static readonly BroadcastStep Finished = new(Stop);

    public static BroadcastStep WaitUntil(DateTimeOffset until) => new(Wait, until);
}

/// <summary>The points between the storage steps of a send, in order (crash tests stop the process at each).</summary>
public enum SendStep
{
    Loaded = 1,        // state, session and pacing read; nothing changed yet
    Reserved = 2,      // daily-cap slot reserved for the recipient's clientMessageId
    MessageStored = 3, // the outbound message row written (receipts find the recipient through it)
    SendEnqueued = 4,  // message.send on engine-commands
    Marked = 5,        // recipient queued and the cursor moved on, in one transaction
}

/// <summary>
/// A seam for fault injection between the steps of a send. Production registers <see cref="NoSendFaults"/>; the test
/// host registers one that kills the process at a configured step, so tests prove recovery from a crash anywhere.
/// </summary>
public interface ISendFaults
{
    ValueTask AtAsync(SendStep step, string broadcastId, int index);
}

internal sealed class NoSendFaults : ISendFaults
{
    public ValueTask AtAsync(SendStep step, string broadcastId, int index) => ValueTask.CompletedTask;
}
