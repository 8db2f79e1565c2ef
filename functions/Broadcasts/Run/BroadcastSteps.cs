using Azure;
using Microsoft.Azure.Functions.Worker;
using WaFunctions.Broadcasts.OptOut;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Messages;
using WaFunctions.Sessions;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts.Run;

/// <summary>
/// The orchestrator's one activity: decide, from the stored broadcast, what happens next, and do it.
/// <code>
/// queued ─┬─▶ running ──▶ completed            (every recipient has a final outcome)
///         ├─▶ waiting(scheduled | session_not_ready | quiet_hours | daily_cap) ──▶ running
///         ├─▶ paused ──resume──▶ running        (API: suspend / resume)
///         ├─▶ cancelled                         (API: terminate; final)
///         └─▶ failed(session_deleted)           (final)
/// </code>
/// A send: (1) read state, session, pacing; (2) reserve a daily-cap slot for the recipient's clientMessageId
/// <c>bc_&lt;id&gt;_&lt;i&gt;</c> (idempotent); (3) store the message row (insert or read back); (4) enqueue
/// <c>message.send</c>; (5) one transaction: recipient queued, cursor past it, the next send's time drawn from
/// [minDelay, maxDelay]. Activities run at least once: a repeat after a crash anywhere before (5) finds the same cursor,
/// takes the same recipient and clientMessageId, reuses the reservation and the row, and enqueues an identical command,
/// which the engine-host drops by clientMessageId, so WhatsApp sees one message. After (5) the recipient is behind the
/// cursor and never taken again. Storage per send: state, session, pacing, recipient and suppression reads, the cap's
/// read and transaction, the message insert, the queue send and the marking transaction = 10 round trips. While the
/// pacing delays are under two seconds one activity sends on for up to <see cref="BroadcastSettings.StepBudget"/>, so the orchestration's
/// own storage work (history, queues) is paid once per activity, not per message.
/// </summary>
internal sealed class BroadcastSteps(BroadcastStore store, SessionStore sessions, PacingStore pacingStore, SuppressionStore suppressions,
    MessageStore messages, Engine.EngineCommands engine, BroadcastEvents events, ISendFaults faults, BroadcastSettings settings,
    TimeProvider clock, DelaySource delays)
{
    public const string Name = "BroadcastStep";

    /// <summary>A pacing delay this short is waited out in the activity: a durable timer costs more, and may fire a second early.</summary>
    private static readonly TimeSpan InProcessWait = TimeSpan.FromSeconds(2);


    [Function(Name)]
    public async Task<BroadcastStep> RunAsync([ActivityTrigger] string broadcastId, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        // Each round returns, or changed the state (a send, a skip) or lost a race; then it reads the state again.
        while (true)
        {
            if (await store.GetAsync(broadcastId, ct).ConfigureAwait(false) is not var (b, etag)) return BroadcastStep.Finished;
            if (BroadcastStatus.IsFinal(b.Status)) return BroadcastStep.Finished;
            var now = clock.GetUtcNow();
            // Paused: the instance is suspended by now; a wake event from resume ends this wait early.
            if (b.Status == BroadcastStatus.Paused) return BroadcastStep.WaitUntil(now.AddHours(1));
            var session = (await sessions.GetAsync(b.SessionId, ct).ConfigureAwait(false))?.Session;
            if (session is null)
            {
                if (await FinishAsync(b, etag, BroadcastStatus.Failed, "session_deleted", ct).ConfigureAwait(false)) return BroadcastStep.Finished;
                continue;
            }
            if (b.ScheduledAt > now) { if (await WaitAsync(b, etag, "scheduled", null, b.ScheduledAt.Value, ct).ConfigureAwait(false) is { } w) return w; continue; }
            if (!session.IsReady)
            {
                var detail = session.Reason is null ? session.Status : session.Status + ": " + session.Reason;
                if (await WaitAsync(b, etag, "session_not_ready", detail, now + settings.ReadyRecheck, ct).ConfigureAwait(false) is { } w) return w;
                continue;
            }
            var pacing = await pacingStore.GetAsync(b.SessionId, ct).ConfigureAwait(false);
            await faults.AtAsync(SendStep.Loaded, b.Id, b.Cursor).ConfigureAwait(false);
            if (PacingMath.QuietUntil(now, pacing.QuietHours) is { } quietEnd)
            {
                if (await WaitAsync(b, etag, "quiet_hours", null, quietEnd, ct).ConfigureAwait(false) is { } w) return w;
                continue;
            }
            if (b.NextSendAt is { } due && due > now)
            {
                if (due - now > InProcessWait) return BroadcastStep.WaitUntil(due);
                await Task.Delay(due - now, clock, ct).ConfigureAwait(false);
                continue;
            }
            var index = b.Cursor < b.Total ? b.Cursor : b.RetriesDue > 0 ? await store.FirstRetryAsync(b.Id, b.Cursor, ct).ConfigureAwait(false) : null;
            if (index is null)
            {
                if (!b.AllFinal) return BroadcastStep.WaitUntil(now + settings.ReportsRecheck); // a report wakes it sooner
                if (await FinishAsync(b, etag, BroadcastStatus.Completed, null, ct).ConfigureAwait(false)) return BroadcastStep.Finished;
                continue;
            }
            if (await store.GetRecipientAsync(b.Id, index.Value, ct).ConfigureAwait(false) is not var (recipient, recipientETag))
                throw new InvalidOperationException($"Broadcast {b.Id} has no recipient {index}.");
            if (await suppressions.IsSuppressedAsync(recipient.ChatId, ct).ConfigureAwait(false))
            {
                await MarkAsync(b, etag, recipient, recipientETag, RecipientStatus.Skipped, "opted_out", null, null, ct).ConfigureAwait(false);
                continue;
            }
            var clientMessageId = BroadcastRecipient.ClientMessageId(b.Id, recipient.Index);
            var slot = await messages.CountSendAsync(session, clientMessageId, now, ct, pacing).ConfigureAwait(false);
            if (!slot.Granted)
            {
                var nextDay = PacingMath.NextDayStart(now, PacingMath.Zone(pacing.TimeZone));
                if (await WaitAsync(b, etag, "daily_cap", $"{slot.Count} of {slot.Cap} sent on {slot.Day}", nextDay, ct).ConfigureAwait(false) is { } w) return w;
                continue;
            }
            await faults.AtAsync(SendStep.Reserved, b.Id, recipient.Index).ConfigureAwait(false);
            var messageId = await SendAsync(b, session, pacing, recipient, clientMessageId, now, ct).ConfigureAwait(false);
            var nextSendAt = clock.GetUtcNow() + delays.Next(pacing);
            if (await MarkAsync(b, etag, recipient, recipientETag, RecipientStatus.Queued, null, messageId, nextSendAt, ct).ConfigureAwait(false) is { } marked
                && b.StartedAt is null && marked.StartedAt is not null)
                await events.StartedAsync(marked, ct).ConfigureAwait(false);
            await faults.AtAsync(SendStep.Marked, b.Id, recipient.Index).ConfigureAwait(false);
            var after = clock.GetUtcNow();
            if (nextSendAt - after > InProcessWait) return BroadcastStep.WaitUntil(nextSendAt);
            if (after - started > settings.StepBudget) return BroadcastStep.Again;
        }
    }

    /// <summary>Steps (3) and (4): the message row, then the command. Both repeatable with the same result.</summary>
    private async Task<string> SendAsync(Broadcast b, Session session, PacingSettings pacing, BroadcastRecipient recipient, string clientMessageId,
        DateTimeOffset now, CancellationToken ct)
    {
        var messageId = MessageRecord.OutboundId(session.Id, clientMessageId);
        var text = BroadcastRules.Render(b.Message, recipient.Name);
        await messages.AddOrGetAsync(new MessageRecord(messageId, session.Id, recipient.ChatId, FromMe: true, "chat", text, Jid.WithoutDevice(session.Jid),
            HasMedia: false, now.ToUnixTimeSeconds(), DeliveryStatus.Queued, 0, null, null, clientMessageId, null, false), ct).ConfigureAwait(false);
        await faults.AtAsync(SendStep.MessageStored, b.Id, recipient.Index).ConfigureAwait(false);
        await engine.SendTextAsync(session.Id, clientMessageId, recipient.ChatId, text, pacing.Typing ? PacingMath.TypingMs(text) : null, ct).ConfigureAwait(false);
        await faults.AtAsync(SendStep.SendEnqueued, b.Id, recipient.Index).ConfigureAwait(false);
        return messageId;
    }

    /// <summary>
    /// Step (5), or a skip: the recipient's outcome and the state's cursor (or its due retries) in one transaction. When
    /// the API or a report changed the state meanwhile it is read again and the change applied to what is there now:
    /// the send has happened, so it must be recorded whatever the broadcast's status became. A report that overtook the
    /// mark keeps its status. One transaction (again on a lost race).
    /// </summary>
    private Task<Broadcast?> MarkAsync(Broadcast read, ETag readETag, BroadcastRecipient taken, ETag takenETag, string status, string? reason,
        string? messageId, DateTimeOffset? nextSendAt, CancellationToken ct)
    {
        var first = true;
        return Optimistic.RetryAsync(async () =>
        {
            var (b, etag, r, rETag) = (read, readETag, taken, takenETag);
            if (!first)
            {
                if (await store.GetAsync(read.Id, ct).ConfigureAwait(false) is not var (fb, fe)) return null;
                if (await store.GetRecipientAsync(read.Id, taken.Index, ct).ConfigureAwait(false) is not var (fr, fre)) return null;
                (b, etag, r, rETag) = (fb, fe, fr, fre);
            }
            first = false;
            var retry = r.Index < b.Cursor;
            if (retry && r.Status != RecipientStatus.Pending) return b; // another run recorded it already
            var outcome = status == RecipientStatus.Queued && r.Status is not (RecipientStatus.Pending or RecipientStatus.Queued) ? r.Status : status;
            var now = clock.GetUtcNow();
            var marked = b with
            {
                Cursor = retry ? b.Cursor : Math.Max(b.Cursor, r.Index + 1),
                RetriesDue = retry ? Math.Max(0, b.RetriesDue - 1) : b.RetriesDue,
                Counts = b.Counts.Plus(Counts.Of(outcome)).Minus(Counts.Of(r.Status)),
                NextSendAt = nextSendAt ?? b.NextSendAt,
                Status = b.Status is BroadcastStatus.Queued or BroadcastStatus.Waiting && messageId is not null ? BroadcastStatus.Running : b.Status,
                Reason = messageId is not null && b.Status is BroadcastStatus.Waiting ? null : b.Reason,
                ReasonDetail = messageId is not null && b.Status is BroadcastStatus.Waiting ? null : b.ReasonDetail,
                ResumeAt = messageId is not null ? null : b.ResumeAt,
                StartedAt = b.StartedAt ?? (messageId is null ? null : now),
                UpdatedAt = now,
            };
            var recipient = r with { Status = outcome, Reason = reason ?? r.Reason, MessageId = messageId ?? r.MessageId, UpdatedAt = now };
            await store.ReplaceWithRecipientAsync(marked, etag, recipient, rETag, ct).ConfigureAwait(false);
            return marked;
        }, ct);
    }

    /// <summary>Records the wait (a new episode records <c>broadcast.paused</c>) and returns it; null when a race was lost (decide again).</summary>
    private async Task<BroadcastStep?> WaitAsync(Broadcast b, ETag etag, string reason, string? detail, DateTimeOffset until, CancellationToken ct)
    {
        var episode = b.Status != BroadcastStatus.Waiting || b.Reason != reason;
        if (episode || b.ResumeAt != until || b.ReasonDetail != detail)
        {
            var waiting = b with
            {
                Status = BroadcastStatus.Waiting, Reason = reason, ReasonDetail = detail, ResumeAt = until,
                Events = b.Events + (episode ? 1 : 0), UpdatedAt = clock.GetUtcNow(),
            };
            try { await store.ReplaceAsync(waiting, etag, ct).ConfigureAwait(false); }
            catch (Azure.RequestFailedException e) when (Optimistic.IsLostRace(e)) { return null; }
            if (episode && reason != "scheduled") await events.PausedAsync(waiting, until, ct).ConfigureAwait(false);
        }
        return BroadcastStep.WaitUntil(until);
    }

    /// <summary>Completed (every recipient final) or failed; records its event. False when a race was lost (decide again).</summary>
    private async Task<bool> FinishAsync(Broadcast b, ETag etag, string status, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var done = b with { Status = status, Reason = reason, ReasonDetail = null, ResumeAt = null, FinishedAt = now, UpdatedAt = now };
        try { await store.ReplaceAsync(done, etag, ct).ConfigureAwait(false); }
        catch (Azure.RequestFailedException e) when (Optimistic.IsLostRace(e)) { return false; }
        await (status == BroadcastStatus.Completed ? events.CompletedAsync(done, ct) : events.FailedAsync(done, ct)).ConfigureAwait(false);
        return true;
    }
}

/// <summary>The random delay between two sends of a broadcast, uniform in [min, max] (<see cref="PacingMath.SampleDelay"/>).</summary>
public sealed class DelaySource
{
    private readonly Random _random = Random.Shared;

    public TimeSpan Next(PacingSettings pacing) => PacingMath.SampleDelay(pacing.MinDelaySeconds, pacing.MaxDelaySeconds, _random);
}
