using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using WaFunctions.Events;
using WaFunctions.Storage;

namespace WaFunctions.Webhooks;

/// <summary>
/// One delivery job: an event for one subscriber, attempt <see cref="Attempt"/>. <see cref="Body"/>
/// is the exact JSON sent (inline up to <see cref="PayloadStore.InlineLimit"/> bytes), else
/// <see cref="BodyRef"/> names the stored body. The event id stays the same on every retry and redelivery.
/// </summary>
public sealed record DeliveryJob(string WebhookId, string EventId, string EventType, int Attempt, string? Body, string? BodyRef);

/// <summary>The payload subscribers receive: <c>{ id: "evt_…", type, sessionId?, timestamp, data }</c>.</summary>
public sealed record WebhookEvent(string Id, string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionId,
    DateTimeOffset Timestamp, JsonElement Data)
{
    /// <summary>
    /// Non-ASCII text is sent as UTF-8, not \u escapes; an absent session is omitted. <c>data</c> is written as the API
    /// writes the same objects (an empty field is <c>null</c>, not left out), so it matches its documented schema.
    /// </summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToBody() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Sends delivery jobs to the <c>webhook-deliveries</c> queue, storing large bodies aside first.</summary>
public sealed class DeliveryQueue(StorageClients storage, PayloadStore payloads)
{
    public const string Name = "webhook-deliveries";

    /// <summary>Where the body of <paramref name="e"/> travels: inline, or stored (one extra round trip) and referenced.</summary>
    public async Task<(string? Body, string? BodyRef)> PrepareAsync(WebhookEvent e, CancellationToken cancellationToken)
    {
        var body = e.ToBody();
        return PayloadStore.FitsInline(body) ? (body, null) : (null, await payloads.PutAsync(e.Id, body, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// One round trip. Queue visibility counts whole seconds (a fraction is cut off), so the delay is rounded up: an
    /// attempt never comes before its announced time. The message lives up to 7 days, the queue's limit, which bounds any one wait.
    /// </summary>
    public Task SendAsync(DeliveryJob job, TimeSpan delay, CancellationToken cancellationToken) =>
        storage.Queue(Name).SendMessageAsync(JsonSerializer.Serialize(job, WebhookEvent.Json),
            delay > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Min(Math.Ceiling(delay.TotalSeconds), TimeSpan.FromDays(6).TotalSeconds)) : null,
            cancellationToken: cancellationToken);
}

/// <summary>
/// Fans a recorded event out to the <c>webhook-deliveries</c> queue, one message per matching
/// subscriber. Storage round trips: one queue send per matching subscriber (subscriptions are
/// cached), plus one table write first when the body is large. When this returns, every matching
/// subscriber has a job in the queue: delivery will be attempted even if the process dies now.
/// A caller that records the same event again (a redelivered engine event, say) enqueues it again
/// under the same event id; the receiver sees a repeat of one id, never two ids for one event.
/// </summary>
public sealed class EventOutbox(WebhookSubscriptions subscriptions, DeliveryQueue queue) : IEventOutbox
{
    public const string DeliveriesQueue = DeliveryQueue.Name;

    public async Task RecordAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        var matching = (await subscriptions.GetAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.Matches(domainEvent.Type, domainEvent.SessionId)).ToList();
        if (matching.Count == 0) return;
        var payload = new WebhookEvent(domainEvent.Id, domainEvent.Type, domainEvent.SessionId, domainEvent.Timestamp,
            JsonSerializer.SerializeToElement(domainEvent.Data, WebhookEvent.Json));
        var (body, bodyRef) = await queue.PrepareAsync(payload, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(matching.Select(s =>
            queue.SendAsync(new DeliveryJob(s.Id, payload.Id, payload.Type, 1, body, bodyRef), TimeSpan.Zero, cancellationToken))).ConfigureAwait(false);
    }
}
