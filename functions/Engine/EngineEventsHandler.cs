using WaFunctions.Hosting;

namespace WaFunctions.Engine;

/// <summary>
/// Consumes <c>engine-events</c>: session events update the session row, message events the message,
/// chat and history rows; each records its domain event after the change is stored.
/// Idempotent (delivery is at least once): session changes are guarded by the engine's per-session seq,
/// message rows are keyed by message id, chat summaries remember the ids they counted, and domain event
/// ids are derived from the engine event, so handling an event twice changes nothing and records the
/// same event ids again. An event that is not a v1 envelope is logged and dropped (retrying cannot fix it).
/// </summary>
internal sealed class EngineEventsHandler(SessionEvents sessionEvents, MessageEvents messageEvents, ILogger<EngineEventsHandler> logger) : IQueueHandler
{
    public const string QueueName = "engine-events";
    public static readonly QueueFunction Definition = new("EngineEvents", QueueName, typeof(EngineEventsHandler));

    public async Task HandleAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        if (EngineEnvelope.TryParse(message.MessageText) is not { } e)
        {
            logger.LogWarning("Dropped engine event {Id}: not a v1 envelope", message.MessageId);
            return;
        }
        var ct = cancellationToken;
        var handled = e.Type switch
        {
            "session.status" => sessionEvents.StatusAsync(e, ct),
            "session.qr" => sessionEvents.QrAsync(e, ct),
            "session.pairing_code" => sessionEvents.PairingCodeAsync(e, ct),
            "session.warning" => sessionEvents.WarningAsync(e, ct),
            "message.received" => messageEvents.ReceivedAsync(e, ct),
            "message.sent" => messageEvents.SentAsync(e, ct),
            "message.failed" => messageEvents.FailedAsync(e, ct),
            "message.status" => messageEvents.StatusAsync(e, ct),
            _ => null,
        };
        if (handled is null) logger.LogDebug("Ignored engine event type {Type}", e.Type);
        else await handled.ConfigureAwait(false);
    }
}
