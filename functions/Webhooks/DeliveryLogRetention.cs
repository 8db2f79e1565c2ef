using Microsoft.Azure.Functions.Worker;

namespace WaFunctions.Webhooks;

/// <summary>
/// Once a day, deletes delivery log rows older than the retention (and the large bodies they
/// referenced), so the log and its payloads do not grow without bound. Bounded work per run: at
/// most <see cref="MaxRowsPerWebhook"/> rows per webhook; a backlog is worked off over later runs.
/// Idempotent: deleting what is already gone is a no-op.
/// </summary>
internal sealed class DeliveryLogRetention(WebhookStore webhooks, DeliveryLog log, PayloadStore payloads, WebhookSettings settings,
    TimeProvider clock, ILogger<DeliveryLogRetention> logger)
{
    public const int MaxRowsPerWebhook = 5_000;

    [Function("PruneWebhookDeliveries")]
    public async Task RunAsync([TimerTrigger("0 17 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var olderThan = clock.GetUtcNow() - settings.LogRetention;
        var (all, _) = await webhooks.ListAsync(WebhookSubscriptions.MaxWebhooks, null, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var webhook in all)
        {
            var (count, bodyRefs) = await log.PruneAsync(webhook.Id, olderThan, MaxRowsPerWebhook, cancellationToken).ConfigureAwait(false);
            foreach (var eventId in bodyRefs) await payloads.DeleteAsync(eventId, cancellationToken).ConfigureAwait(false);
            deleted += count;
        }
        if (deleted > 0) logger.LogInformation("Pruned {Count} webhook delivery log rows older than {Cutoff:O}", deleted, olderThan);
    }
}
