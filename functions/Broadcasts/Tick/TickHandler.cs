using Azure;
using WaFunctions.Broadcasts.OptOut;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Hosting;
using WaFunctions.Messages;
using WaFunctions.Sessions;

namespace WaFunctions.Broadcasts.Tick;

/// <summary>
/// Consumes <c>broadcast-ticks</c>: one tick sends at most one message, then schedules the next tick after a delay drawn
/// uniformly from [minDelay, maxDelay]. The state machine:
/// <code>
/// queued ─┬─▶ running ──▶ completed            (every recipient taken)
///         ├─▶ waiting(scheduled | session_not_ready | quiet_hours | daily_cap) ──▶ running
///         ├─▶ paused ──resume──▶ running        (API)
///         ├─▶ cancelled                         (API; final)
///         └─▶ failed(session_deleted)           (final)
/// </code>
/// A tick: (1) read state — drop the message unless it is the live tick (<see cref="Broadcast.Tick"/>); resume a
/// recipient left "sending" by a crash; else check schedule, session, quiet hours and the pacing delay; skip suppressed
/// recipients; (2) reserve a daily-cap slot for the recipient's clientMessageId (idempotent); (3) claim the recipient
/// under the state's ETag (cursor + 1, "sending i"); (4) store the message row; (5) enqueue <c>message.send</c> with
/// clientMessageId <c>bc_&lt;id&gt;_&lt;i&gt;</c>; (6) enqueue the next tick, hidden for the delay; (7) one transaction:
/// recipient queued, marker cleared, live tick = the new one.
/// At-least-once delivery makes it idempotent by construction: a crash before (3) repeats nothing visible (the
/// reservation is keyed by clientMessageId); a crash after (3) leaves "sending i", which the redelivered (same message
/// id) tick resumes from (4); steps (4)–(6) are repeatable (same row, same command, a new tick that the state never
/// adopts is dropped). The one repeat that reaches the bus is a crash between (5) and (7): the same command again,
/// which the engine-host drops by clientMessageId (its <c>enginesent</c> row) — that dedup is the safety net.
/// Racing or duplicated tick messages lose the live-tick check or the ETag of (3) and do nothing.
/// Storage per send (steady state): state read, session read, pacing read, suppression read, recipient read, cap
/// read + transaction, claim transaction, message insert, 2 queue sends, mark transaction = 12, plus the poller's
/// receive and delete of the tick.
/// </summary>
internal sealed class TickHandler(BroadcastStore store, SessionStore sessions, PacingStore pacingStore, SuppressionStore suppressions,
    MessageStore messages, TickSender sender, BroadcastTicks ticks, BroadcastEvents events, ITickFaults faults,
    BroadcastSettings settings, TimeProvider clock, ILogger<TickHandler> logger) : IQueueHandler
{
    public static readonly QueueFunction Definition = new("BroadcastTick", BroadcastTicks.QueueName, typeof(TickHandler));

    public async Task HandleAsync(QueueInvocation message, CancellationToken ct)
    {
        if (BroadcastTicks.Parse(message.MessageText) is not { } id) { logger.LogWarning("Dropped tick {Id}: not a tick", message.MessageId); return; }
        for (var round = 0; round < 10_000; round++) // each round changes the state or returns; skips loop without delay
        {
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is not var (b, etag)) return; // not created (yet) or gone
            if (b.Tick != message.MessageId) { logger.LogDebug("Dropped stale tick {Tick} of {Id}", message.MessageId, id); return; }
            if (b.Status == BroadcastStatus.Completed) { await events.CompletedAsync(b, ct).ConfigureAwait(false); return; }
            if (BroadcastStatus.IsFinal(b.Status) || b.Status == BroadcastStatus.Paused) return;
            var session = (await sessions.GetAsync(b.SessionId, ct).ConfigureAwait(false))?.Session;
            if (session is null) { if (await FailAsync(b, etag, "session_deleted", ct).ConfigureAwait(false)) return; continue; }
            var pacing = await pacingStore.GetAsync(b.SessionId, ct).ConfigureAwait(false);
            await faults.AtAsync(TickStep.Loaded, id, b.Sending ?? b.Cursor).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            if (b.Sending is { } resumed)
            {
                if (b.SendingTick != message.MessageId)
                {
                    // Claimed by another tick (a resume started this chain meanwhile). Wait for it to finish; take over
                    // only when its claim is stale (the claimer died and its own message was superseded).
                    if (now - b.SendingSince < settings.ClaimLease)
                    {
                        if (await RearmAsync(b, etag, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false)) return;
                        continue;
                    }
                    b = b with { SendingTick = message.MessageId, SendingSince = now };
                    try { etag = await store.ReplaceAsync(b, etag, ct).ConfigureAwait(false); }
                    catch (RequestFailedException e) when (e.Status is 412 or 404) { continue; }
                }
                await sender.SendAsync(b, etag, resumed, session, pacing, message.MessageId, ct).ConfigureAwait(false);
                return;
            }
            // Every state write below is conditional: when it loses (a receipt, the API or a racing tick changed the
            // state), the loop reads again and decides again; returning would let this live tick be deleted unreplaced.
            if (b.Cursor >= b.Total) { if (await CompleteAsync(b, etag, ct).ConfigureAwait(false)) return; continue; }
            if (b.ScheduledAt > now)
            {
                if (PacingMath.Split(now, b.ScheduledAt.Value) is { Visibility.Ticks: 0 } soon) { await Task.Delay(soon.InProcess, clock, ct).ConfigureAwait(false); continue; }
                if (await WaitAsync(b, etag, "scheduled", null, b.ScheduledAt.Value, ct).ConfigureAwait(false)) return;
                continue;
            }
            if (!session.IsReady)
            {
                if (await WaitAsync(b, etag, "session_not_ready", session.Reason is null ? session.Status : session.Status + ": " + session.Reason,
                    now + settings.ReadyRecheck, ct).ConfigureAwait(false)) return;
                continue;
            }
            if (PacingMath.QuietUntil(now, pacing.QuietHours) is { } quietEnd)
            {
                if (await WaitAsync(b, etag, "quiet_hours", null, quietEnd, ct).ConfigureAwait(false)) return;
                continue;
            }
            if (b.NextSendAt > now)
            {
                var (visibility, inProcess) = PacingMath.Split(now, b.NextSendAt.Value);
                if (visibility == TimeSpan.Zero) { await Task.Delay(inProcess, clock, ct).ConfigureAwait(false); continue; }
                if (await RearmAsync(b, etag, visibility, ct).ConfigureAwait(false)) return;
                continue;
            }
            var index = b.Cursor;
            if (await store.GetRecipientAsync(id, index, ct).ConfigureAwait(false) is not var (recipient, recipientETag))
                throw new InvalidOperationException($"Broadcast {id} has no recipient {index}.");
            if (await suppressions.IsSuppressedAsync(recipient.ChatId, ct).ConfigureAwait(false))
            {
                await SkipAsync(b, etag, recipient, recipientETag, "opted_out", ct).ConfigureAwait(false);
                continue;
            }
            var clientMessageId = BroadcastRecipient.ClientMessageId(id, index);
            var slot = await messages.CountSendAsync(session, clientMessageId, now, ct, pacing).ConfigureAwait(false);
            if (!slot.Granted)
            {
                var zone = PacingMath.Zone(pacing.TimeZone);
                if (await WaitAsync(b, etag, "daily_cap", $"{slot.Count} of {slot.Cap} sent on {slot.Day}", PacingMath.NextDayStart(now, zone), ct).ConfigureAwait(false)) return;
                continue;
            }
            await faults.AtAsync(TickStep.Reserved, id, index).ConfigureAwait(false);
            var claimed = b with
            {
                Cursor = index + 1, Sending = index, SendingTick = message.MessageId, SendingSince = now, Status = BroadcastStatus.Running,
                Reason = null, ReasonDetail = null, ResumeAt = null, StartedAt = b.StartedAt ?? now, UpdatedAt = now,
            };
            ETag claimedETag;
            try
            {
                claimedETag = await store.ReplaceWithRecipientAsync(claimed, etag, recipient with { Status = RecipientStatus.Sending, UpdatedAt = now },
                    recipientETag, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404) { continue; } // paused, cancelled or raced: look again
            await faults.AtAsync(TickStep.Claimed, id, index).ConfigureAwait(false);
            await sender.SendAsync(claimed, claimedETag, index, session, pacing, message.MessageId, ct).ConfigureAwait(false);
            return;
        }
    }

    /// <summary>The next tick for when the pacing delay ends: one queue send, then the state adopts it (ETag).</summary>
    private async Task<bool> RearmAsync(Broadcast b, ETag etag, TimeSpan visibility, CancellationToken ct)
    {
        var tick = await ticks.SendAsync(b.Id, visibility, ct).ConfigureAwait(false);
        try { await store.ReplaceAsync(b with { Tick = tick }, etag, ct).ConfigureAwait(false); return true; }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return false; } // the unadopted tick will be dropped
    }

    private async Task<bool> WaitAsync(Broadcast b, ETag etag, string reason, string? detail, DateTimeOffset until, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var episode = b.Status != BroadcastStatus.Waiting || b.Reason != reason;
        var tick = await ticks.SendAsync(b.Id, PacingMath.Split(now, until).Visibility, ct).ConfigureAwait(false);
        var waiting = b with
        {
            Status = BroadcastStatus.Waiting, Reason = reason, ReasonDetail = detail, ResumeAt = until, Tick = tick,
            Events = b.Events + (episode ? 1 : 0), UpdatedAt = now,
        };
        try { await store.ReplaceAsync(waiting, etag, ct).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return false; }
        if (episode && reason != "scheduled") await events.PausedAsync(waiting, until, ct).ConfigureAwait(false);
        return true;
    }

    private async Task SkipAsync(Broadcast b, ETag etag, BroadcastRecipient r, ETag recipientETag, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var skipped = r with { Status = RecipientStatus.Skipped, Reason = reason, UpdatedAt = now };
        var counts = b.Counts.Plus(Counts.Of(RecipientStatus.Skipped)).Minus(Counts.Of(r.Status));
        try { await store.ReplaceWithRecipientAsync(b with { Cursor = b.Cursor + 1, Counts = counts, UpdatedAt = now }, etag, skipped, recipientETag, ct).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { }
    }

    private async Task<bool> CompleteAsync(Broadcast b, ETag etag, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var done = b with { Status = BroadcastStatus.Completed, Reason = null, ReasonDetail = null, FinishedAt = now, UpdatedAt = now };
        try { await store.ReplaceAsync(done, etag, ct).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return false; }
        await events.CompletedAsync(done, ct).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> FailAsync(Broadcast b, ETag etag, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var failed = b with { Status = BroadcastStatus.Failed, Reason = reason, FinishedAt = now, UpdatedAt = now };
        try { await store.ReplaceAsync(failed, etag, ct).ConfigureAwait(false); }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return false; }
        await events.FailedAsync(failed, ct).ConfigureAwait(false);
        return true;
    }
}
