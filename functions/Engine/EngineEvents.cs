using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace WaFunctions.Engine;

/// <summary>
/// Consumes <c>engine-events</c>: session events update the session row, message events the message,
/// chat and history rows; each records its domain event after the change is stored.
/// Idempotent (delivery is at least once): session changes are guarded by the engine's per-session seq,
/// message rows are keyed by message id, chat summaries remember the ids they counted, and domain event
/// ids are derived from the engine event, so handling an event twice changes nothing and records the
/// same event ids again. An event that is not a v1 envelope is logged and dropped (retrying cannot fix it). A failure
/// (storage, say) fails the try: the message is tried again, and after host.json's <c>maxDequeueCount</c> tries it is
/// moved to <c>engine-events-poison</c>.
/// </summary>
internal sealed class EngineEvents(SessionEvents sessionEvents, MessageEvents messageEvents, ILogger<EngineEvents> logger)
{
    public const string QueueName = "engine-events";

    [Function("EngineEvents")]
    public async Task RunAsync([QueueTrigger(QueueName)] QueueMessage message, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (EngineEnvelope.TryParse(message.MessageText) is not { } e)
        {
            logger.LogWarning("Dropped engine event {Id}: not a v1 envelope", message.MessageId);
            return;
        }
        var ct = cancellationToken;
        var handled = e.Type switch
        {
            "session.status" => Done(sessionEvents.StatusAsync(e, ct)),
            "session.qr" => Done(sessionEvents.QrAsync(e, ct)),
            "session.pairing_code" => Done(sessionEvents.PairingCodeAsync(e, ct)),
            "session.warning" => Done(sessionEvents.WarningAsync(e, ct)),
            "message.received" => Done(messageEvents.ReceivedAsync(e, ct)),
            "message.sent" => messageEvents.SentAsync(e, ct),
            "message.failed" => messageEvents.FailedAsync(e, ct),
            "message.status" => messageEvents.StatusAsync(e, ct),
            _ => null,
        };
        if (handled is null)
        {
            logger.LogDebug("Ignored engine event type {Type}", e.Type);
            return;
        }
        // A report that finished a broadcast's last recipients, or sent one back for a retry: its orchestration wakes now
        // instead of at its next timer. Raised after the report is stored, so a redelivery raises it again (harmless).
        if (await handled.ConfigureAwait(false) is { } broadcastId) await Broadcasts.Run.BroadcastOrchestrator.WakeAsync(durable, broadcastId, ct).ConfigureAwait(false);
    }

    private static async Task<string?> Done(Task handled)
    {
        await handled.ConfigureAwait(false);
        return null;
    }
}
