using System.Text.Json;
using WaFunctions.Events;
using WaFunctions.Storage;

namespace WaFunctions.Webhooks;

/// <summary>One delivery job: an event for one subscriber. The event id stays the same on every retry.</summary>
public sealed record DeliveryJob(string WebhookId, WebhookEvent Event);

/// <summary>The payload subscribers receive: <c>{ id: "evt_…", type, sessionId?, timestamp, data }</c>.</summary>
public sealed record WebhookEvent(string Id, string Type, string? SessionId, DateTimeOffset Timestamp, JsonElement Data);

/// <summary>
/// Fans a recorded event out to the <c>webhook-deliveries</c> queue, one message per matching
/// subscriber. Storage round trips: one queue send per matching subscriber (subscriptions are cached).
/// A caller that records the same event again (a redelivered engine event, say) enqueues it again
/// under the same event id; the receiver sees a repeat of one id, never two ids for one event.
/// </summary>
public sealed class EventOutbox(StorageClients storage, WebhookSubscriptions subscriptions) : IEventOutbox
{
    public const string DeliveriesQueue = "webhook-deliveries";

    public async Task RecordAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        var matching = (await subscriptions.GetAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.Matches(domainEvent.Type, domainEvent.SessionId)).ToList();
        if (matching.Count == 0) return;
        var payload = new WebhookEvent(domainEvent.Id, domainEvent.Type, domainEvent.SessionId, domainEvent.Timestamp,
            JsonSerializer.SerializeToElement(domainEvent.Data, JsonSerializerOptions.Web));
        var queue = storage.Queue(DeliveriesQueue);
        await Task.WhenAll(matching.Select(s =>
            queue.SendMessageAsync(JsonSerializer.Serialize(new DeliveryJob(s.Id, payload), JsonSerializerOptions.Web), cancellationToken: cancellationToken))).ConfigureAwait(false);
    }
}
