using Azure;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Engine;
using WaFunctions.Messages;
using WaFunctions.Sessions;

namespace WaFunctions.Broadcasts.Tick;

/// <summary>
/// Steps (4)–(7) of a tick for a claimed recipient ("sending i"): store the message row, enqueue <c>message.send</c>,
/// enqueue the next tick, then mark the recipient queued and adopt the new tick in one transaction. Every step is
/// repeatable, so a redelivered tick that finds "sending i" simply runs them again. See <see cref="TickHandler"/>.
/// </summary>
internal sealed class TickSender(BroadcastStore store, MessageStore messages, EngineCommands engine, BroadcastTicks ticks,
    BroadcastEvents events, ITickFaults faults, TimeProvider clock, DelaySource delays)
{
    public async Task SendAsync(Broadcast b, ETag etag, int index, Session session, PacingSettings pacing, string tickId, CancellationToken ct)
    {
        if (await store.GetRecipientAsync(b.Id, index, ct).ConfigureAwait(false) is not var (recipient, _))
            throw new InvalidOperationException($"Broadcast {b.Id} has no recipient {index}.");
        var clientMessageId = BroadcastRecipient.ClientMessageId(b.Id, index);
        var messageId = MessageRecord.OutboundId(session.Id, clientMessageId);
        var text = BroadcastRules.Render(b.Message, recipient.Name);
        var now = clock.GetUtcNow();
        await messages.AddOrGetAsync(new MessageRecord(messageId, session.Id, recipient.ChatId, FromMe: true, "chat", text, Jid.WithoutDevice(session.Jid),
            HasMedia: false, now.ToUnixTimeSeconds(), DeliveryStatus.Queued, 0, null, null, clientMessageId, null, false), ct).ConfigureAwait(false);
        await faults.AtAsync(TickStep.MessageStored, b.Id, index).ConfigureAwait(false);

        await engine.SendTextAsync(session.Id, clientMessageId, recipient.ChatId, text, pacing.Typing ? PacingMath.TypingMs(text) : null, ct).ConfigureAwait(false);
        await faults.AtAsync(TickStep.SendEnqueued, b.Id, index).ConfigureAwait(false);

        var last = b.Cursor >= b.Total;
        var nextAt = now + delays.Next(pacing);
        // The last recipient needs no next tick: this message stays the live one, so a redelivery finds "completed".
        var nextTick = last ? tickId : await ticks.SendAsync(b.Id, PacingMath.Split(now, nextAt).Visibility, ct).ConfigureAwait(false);
        await faults.AtAsync(TickStep.NextTickEnqueued, b.Id, index).ConfigureAwait(false);

        var marked = await MarkAsync(b, etag, index, messageId, nextTick, nextAt, last, tickId, ct).ConfigureAwait(false);
        await faults.AtAsync(TickStep.Marked, b.Id, index).ConfigureAwait(false);
        if (marked is null) return;
        if (b.Counts.Queued + b.Counts.Sent + b.Counts.Failed == 0) await events.StartedAsync(marked, ct).ConfigureAwait(false);
        if (last) await events.CompletedAsync(marked, ct).ConfigureAwait(false);
    }

    /// <summary>One transaction (state under ETag + recipient under ETag), re-read and retried when a receipt or the API got there first.</summary>
    private async Task<Broadcast?> MarkAsync(Broadcast b, ETag etag, int index, string messageId, string nextTick, DateTimeOffset nextAt, bool last,
        string tickId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await store.GetRecipientAsync(b.Id, index, ct).ConfigureAwait(false) is not var (r, rETag)) return null;
            // A receipt may have overtaken the mark (recipient already sent/failed): keep its status.
            var status = r.Status is RecipientStatus.Sending or RecipientStatus.Pending ? RecipientStatus.Queued : r.Status;
            var now = clock.GetUtcNow();
            var counts = b.Counts.Plus(Counts.Of(status)).Minus(Counts.Of(r.Status));
            var marked = b with
            {
                Sending = null, SendingTick = null, SendingSince = null,
                Tick = b.Tick == tickId ? nextTick : b.Tick, // a resume made another tick live meanwhile: it stays live
                NextSendAt = last ? null : nextAt, Counts = counts, UpdatedAt = now,
                Status = last && b.Status is BroadcastStatus.Running ? BroadcastStatus.Completed : b.Status,
                FinishedAt = last && b.Status is BroadcastStatus.Running ? now : b.FinishedAt,
            };
            try
            {
                await store.ReplaceWithRecipientAsync(marked, etag, r with { Status = status, MessageId = messageId, UpdatedAt = now }, rETag, ct).ConfigureAwait(false);
                return marked;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404 && attempt < 50)
            {
                if (await store.GetAsync(b.Id, ct).ConfigureAwait(false) is not var (fresh, freshETag)) return null;
                if (fresh.Sending != index || fresh.SendingTick != tickId) return null; // our claim was taken over or finished
                (b, etag) = (fresh, freshETag);
            }
        }
    }
}

/// <summary>The random delay between two sends of a broadcast, uniform in [min, max] (<see cref="PacingMath.SampleDelay"/>).</summary>
public sealed class DelaySource
{
    private readonly Random _random = Random.Shared;

    public TimeSpan Next(PacingSettings pacing) => PacingMath.SampleDelay(pacing.MinDelaySeconds, pacing.MaxDelaySeconds, _random);
}
