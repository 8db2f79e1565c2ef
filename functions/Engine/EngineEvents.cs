using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace WaFunctions.Engine;

/// <summary>
/// Consumes <c>engine-events</c>: session events update the session row, message events the message,
/// chat and history rows, reactions, edits, deletions and votes their message, group events the stored groups, and
/// answers to requests (<c>command.result</c>, <c>contacts.check.result</c>) go to the API call that waits for them
/// (<see cref="EngineRequests"/>); each records its domain event after the change is stored.
/// Idempotent (delivery is at least once): session changes are guarded by the engine's per-session seq,
/// message rows are keyed by message id, chat summaries remember the ids they counted, and domain event
/// ids are derived from the engine event, so handling an event twice changes nothing and records the
/// same event ids again. An event that is not a v1 envelope is logged and dropped (retrying cannot fix it). A failure
/// (storage, say) fails the try: the message is tried again, and after host.json's <c>maxDequeueCount</c> tries it is
/// moved to <c>engine-events-poison</c>.
/// </summary>
internal sealed class EngineEvents(SessionEvents sessionEvents, MessageEvents messageEvents, MessageChangeEvents changes, Groups.GroupEvents groups,
    EngineRequests requests, ILogger<EngineEvents> logger)
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
            "message.reaction" => Done(changes.ReactionAsync(e, ct)),
            "message.edited" => Done(changes.EditedAsync(e, ct)),
            "message.revoked" => Done(changes.RevokedAsync(e, ct)),
            "poll.vote" => Done(changes.VoteAsync(e, ct)),
            "group.joined" or "group.updated" => Done(groups.ReportAsync(e, ct)),
            "group.participants" => Done(groups.ParticipantsAsync(e, ct)),
            // An answer: applied first (a group write's outcome), then stored for the API call that waits on it.
            "command.result" => Done(AnswerAsync(groups.CommandResultAsync(e, ct), e, ct)),
            "contacts.check.result" => Done(requests.AnswerAsync(e, ct)),
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

    private async Task AnswerAsync(Task applied, EngineEnvelope e, CancellationToken ct)
    {
        await applied.ConfigureAwait(false);
        await requests.AnswerAsync(e, ct).ConfigureAwait(false);
    }

    private static async Task<string?> Done(Task handled)
    {
        await handled.ConfigureAwait(false);
        return null;
    }
}
