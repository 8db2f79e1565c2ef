using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json;

namespace WaFunctions.Webhooks;

/// <summary>
/// Handles one <c>webhook-deliveries</c> message: one attempt to deliver one event to one webhook.
/// Every attempt writes one log row. A failed attempt is retried by enqueuing the next attempt with
/// a visibility delay (<see cref="RetrySchedule"/>), never by sleeping or throwing, so the host's
/// five-try poisoning only ever sees storage faults. Idempotent in the at-least-once sense: if the
/// process dies mid-attempt the message reappears and the attempt is made again — the receiver may
/// see the same event id twice, never an event under a second id. Round trips: webhook point read,
/// the POST, one log write, plus one queue send on a retry, one read for a stored large body, and
/// a read-modify-write of the webhook when a delivery dies, succeeds after deaths, or gets a 410.
/// </summary>
internal sealed class DeliveryHandler(WebhookStore webhooks, DeliveryLog log, PayloadStore payloads, DeliveryQueue queue,
    WebhookSender sender, ReceiverLimiter limiter, WebhookSettings settings, TimeProvider clock, ILogger<DeliveryHandler> logger)
{
    [Function("DeliverWebhook")]
    public async Task RunAsync([QueueTrigger(DeliveryQueue.Name)] QueueMessage message, CancellationToken cancellationToken)
    {
        DeliveryJob? job;
        try { job = JsonSerializer.Deserialize<DeliveryJob>(message.MessageText, WebhookEvent.Json); }
        catch (JsonException) { job = null; }
        if (job is null || job.WebhookId is null || job.EventId is null)
        {
            logger.LogWarning("Dropped an unreadable webhook delivery message {Id}", message.MessageId);
            return;
        }
        // A deleted or disabled webhook receives nothing, pending retries included.
        if (await webhooks.GetAsync(job.WebhookId, cancellationToken).ConfigureAwait(false) is not var (webhook, _) || !webhook.Enabled) return;
        var body = job.Body ?? (job.BodyRef is { } bodyRef ? await payloads.GetAsync(bodyRef, cancellationToken).ConfigureAwait(false) : null);
        if (body is null)
        {
            logger.LogWarning("Webhook delivery of {EventId} to {WebhookId} has no body; dropped", job.EventId, job.WebhookId);
            return;
        }

        using var slot = limiter.TryEnter(new Uri(webhook.Url));
        if (slot is null)
        {
            // The receiver is busy with this process's other deliveries: try again shortly, not counted as an attempt.
            await queue.SendAsync(job, TimeSpan.FromMilliseconds(500 + Random.Shared.Next(1500)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var at = clock.GetUtcNow();
        var result = await sender.SendAsync(webhook, job.EventId, body, cancellationToken).ConfigureAwait(false);
        var last = job.Attempt >= settings.MaxAttempts;
        var status = result.Succeeded ? "succeeded" : result.Status == 410 ? "gone" : last ? "dead" : "retrying";
        var delay = status == "retrying" ? RetrySchedule.Delay(job.Attempt, settings.RetryBase, Random.Shared.NextDouble()) : (TimeSpan?)null;
        var nextAt = delay is { } d ? clock.GetUtcNow() + d : (DateTimeOffset?)null;

        await log.WriteAsync(new DeliveryAttempt(DeliveryAttempt.NewId(at), webhook.Id, job.EventId, job.EventType, job.Attempt, status, at,
            result.Status, result.DurationMs, result.ResponseBody, result.Error, nextAt, job.Body, job.BodyRef), cancellationToken).ConfigureAwait(false);

        switch (status)
        {
            case "retrying":
                await queue.SendAsync(job with { Attempt = job.Attempt + 1 }, delay!.Value, cancellationToken).ConfigureAwait(false);
                break;
            case "succeeded" when webhook.ConsecutiveDeadDeliveries > 0:
                await webhooks.ChangeAsync(webhook.Id, w => w.ConsecutiveDeadDeliveries == 0 ? null : w with { ConsecutiveDeadDeliveries = 0 }, cancellationToken).ConfigureAwait(false);
                break;
            case "gone":
                await DisableAsync(webhook.Id, $"The receiver answered 410 Gone on {at:u}; re-enable the webhook to resume deliveries.", cancellationToken).ConfigureAwait(false);
                break;
            case "dead":
                await webhooks.ChangeAsync(webhook.Id, w =>
                {
                    var dead = w.ConsecutiveDeadDeliveries + 1;
                    return dead >= settings.DisableAfterDeadDeliveries && w.Enabled
                        ? Disabled(w with { ConsecutiveDeadDeliveries = dead }, $"{dead} deliveries in a row failed on every attempt (the last on {at:u}: {Describe(result)}); re-enable the webhook to resume deliveries.")
                        : w with { ConsecutiveDeadDeliveries = dead };
                }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private Task DisableAsync(string id, string reason, CancellationToken cancellationToken) =>
        webhooks.ChangeAsync(id, w => w.Enabled ? Disabled(w, reason) : null, cancellationToken);

    private Webhook Disabled(Webhook w, string reason) =>
        w with { Enabled = false, DisabledReason = reason, DisabledAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() };

    private static string Describe(SendResult r) => r.Status is { } s ? $"status {s}" : r.Error ?? "no answer";
}
