using Azure;
using WaFunctions.Messages;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts;

/// <summary>
/// Called by the engine-events handler after it stored a report on an outbound message (sent, failed, delivered, read):
/// when the message belongs to a broadcast (clientMessageId <c>bc_&lt;id&gt;_&lt;i&gt;</c>), recipient i takes the
/// message's status and the broadcast's counts move with it, in one transaction (recipient + state, both under ETag).
/// A status only moves forward (<see cref="DeliveryStatus.Replaces"/>), so a redelivered or late report changes nothing.
/// Storage: two point reads and one transaction (repeated on an ETag race); nothing for other messages.
/// </summary>
public sealed class BroadcastProgress(BroadcastStore store, TimeProvider clock)
{
    public async Task ApplyAsync(MessageRecord message, CancellationToken ct)
    {
        if (BroadcastRecipient.Parse(message.ClientMessageId) is not var (id, index) || message.Status is not { } status) return;
        await Optimistic.RetryAsync(async () =>
        {
            if (await store.GetRecipientAsync(id, index, ct).ConfigureAwait(false) is not var (r, rETag)) return;
            var current = r.Status is RecipientStatus.Pending or RecipientStatus.Sending ? DeliveryStatus.Queued : r.Status;
            if (r.Status is RecipientStatus.Skipped || !DeliveryStatus.Replaces(current, r.StatusSeq, status, message.StatusSeq)) return;
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is not var (b, etag)) return;
            var reason = status == DeliveryStatus.Failed ? message.Reason ?? "send_failed" : null;
            var updated = r with { Status = status, StatusSeq = message.StatusSeq, Reason = reason, MessageId = message.MessageId, UpdatedAt = clock.GetUtcNow() };
            var counts = b.Counts.Plus(Counts.Of(status)).Minus(Counts.Of(r.Status));
            await store.ReplaceWithRecipientAsync(b with { Counts = counts, UpdatedAt = clock.GetUtcNow() }, etag, updated, rETag, ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }
}
