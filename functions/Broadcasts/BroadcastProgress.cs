using WaFunctions.Messages;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts;

/// <summary>
/// Called by the engine-events handler after it stored a report on an outbound message (sent, failed, delivered, read):
/// when the message belongs to a broadcast (clientMessageId <c>bc_&lt;id&gt;_&lt;i&gt;</c>), recipient i takes the
/// message's status and the broadcast's counts move with it, in one transaction (recipient + state, both under ETag).
/// A status only moves forward (<see cref="DeliveryStatus.Replaces"/>), so a redelivered or late report changes nothing.
/// A retryable failure (the number was briefly not ready, say) sends the recipient back to <c>pending</c> to be sent
/// again under the same clientMessageId, up to <see cref="BroadcastRecipient.MaxRetries"/> times.
/// Storage: two point reads and one transaction (again on a lost race); nothing for other messages.
/// </summary>
public sealed class BroadcastProgress(BroadcastStore store, TimeProvider clock)
{
    /// <summary>The broadcast whose orchestration should look again now (its last outcomes are in, or a retry is due), else null.</summary>
    public async Task<string?> ApplyAsync(MessageRecord message, CancellationToken ct)
    {
        if (BroadcastRecipient.Parse(message.ClientMessageId) is not var (id, index) || message.Status is not { } status) return null;
        return await Optimistic.RetryAsync(async () =>
        {
            if (await store.GetRecipientAsync(id, index, ct).ConfigureAwait(false) is not var (r, rETag) || r.Status == RecipientStatus.Skipped) return null;
            // Pending with this seq or newer: the very failure that sent it back for a retry, redelivered.
            if (r.Status == RecipientStatus.Pending && message.StatusSeq <= r.StatusSeq) return null;
            // Otherwise a pending recipient's report overtook the step that marks it queued: apply it as if it were.
            var current = r.Status == RecipientStatus.Pending ? DeliveryStatus.Queued : r.Status;
            if (!DeliveryStatus.Replaces(current, r.StatusSeq, status, message.StatusSeq)) return null;
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is not var (b, etag)) return null;
            var retry = status == DeliveryStatus.Failed && message.Retryable == true && r.Retries < BroadcastRecipient.MaxRetries;
            var wasDue = r.Status == RecipientStatus.Pending && r.Index < b.Cursor;
            var now = clock.GetUtcNow();
            var updated = retry
                ? r with { Status = RecipientStatus.Pending, StatusSeq = message.StatusSeq, Reason = message.Reason, Retries = r.Retries + 1, UpdatedAt = now }
                : r with
                {
                    Status = status, StatusSeq = message.StatusSeq, Reason = status == DeliveryStatus.Failed ? message.Reason ?? "send_failed" : null,
                    MessageId = message.MessageId, UpdatedAt = now,
                };
            var changed = b with
            {
                Counts = b.Counts.Plus(Counts.Of(updated.Status)).Minus(Counts.Of(r.Status)),
                RetriesDue = Math.Max(0, b.RetriesDue + (retry ? 1 : 0) - (wasDue ? 1 : 0)),
                UpdatedAt = now,
            };
            await store.ReplaceWithRecipientAsync(changed, etag, updated, rETag, ct).ConfigureAwait(false);
            return retry || changed.AllFinal ? id : null;
        }, ct).ConfigureAwait(false);
    }
}
