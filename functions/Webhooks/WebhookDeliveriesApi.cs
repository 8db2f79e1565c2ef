using System.Text.Json;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.OpenApi;

namespace WaFunctions.Webhooks;

/// <summary>Test events, the delivery log and redelivery of one webhook.</summary>
internal static class WebhookDeliveriesApi
{
    public static IEndpointRouteBuilder MapWebhookDeliveries(this IEndpointRouteBuilder api)
    {
        api.MapPost("/webhooks/{id}/test", TestAsync).WithName("TestWebhook")
            .WithSummary("Send a test event")
            .WithDescription("Queues a webhook.test event to this webhook only, signed and retried like any other; its attempts appear in the delivery log.")
            .Returns<QueuedDeliveryView>(StatusCodes.Status202Accepted)
            .Fails(409, "webhook_disabled", "The webhook is disabled; enable it (PATCH enabled: true) first.")
            .RequireScope(Scopes.WebhooksWrite);
        api.MapGet("/webhooks/{id}/deliveries", ListAsync).WithName("ListWebhookDeliveries")
            .WithSummary("List a webhook's deliveries")
            .WithDescription("Delivery attempts, newest first, with the receiver's answer or the error; kept for WA_WEBHOOK_LOG_RETENTION_DAYS.")
            .ReturnsPage<DeliveryView>()
            .WithQuery(Limit, Paging.Cursor)
            .RequireScope(Scopes.WebhooksRead);
        api.MapPost("/webhooks/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync).WithName("RedeliverWebhookDelivery")
            .WithSummary("Redeliver an event")
            .WithDescription("Sends the logged event again under the same event id (receivers deduplicate on it), as attempt 1 of a new series.")
            .Returns<QueuedDeliveryView>(StatusCodes.Status202Accepted)
            .Fails(409, "webhook_disabled", "The webhook is disabled; enable it (PATCH enabled: true) first.")
            .RequireScope(Scopes.WebhooksWrite);
        return api;
    }

    private static readonly NumberQuery Limit = Paging.Limit(50, 200);

    /// <summary>An event queued for delivery to one webhook; <see cref="RedeliveryOf"/> names the logged attempt it repeats.</summary>
    internal sealed record QueuedDeliveryView(string EventId, string Type, string WebhookId, string? RedeliveryOf);

    /// <summary>Records a <c>webhook.test</c> event for this webhook only: one read, one queue send.</summary>
    internal static async Task<IResult> TestAsync(string id, WebhookStore store, DeliveryQueue queue, TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (w, _)) return WebhooksApi.NotFound(id);
        if (!w.Enabled) return Disabled();
        var e = new WebhookEvent("evt_" + Guid.NewGuid().ToString("N"), WebhookEventTypes.Test, null, clock.GetUtcNow(),
            JsonSerializer.SerializeToElement(new { webhookId = w.Id, message = "A test event sent on request." }, WebhookEvent.Json));
        var (body, bodyRef) = await queue.PrepareAsync(e, ct);
        await queue.SendAsync(new DeliveryJob(w.Id, e.Id, e.Type, 1, body, bodyRef), TimeSpan.Zero, ct);
        return Answer.Data(new QueuedDeliveryView(e.Id, e.Type, w.Id, null), StatusCodes.Status202Accepted);
    }

    /// <summary>Newest first; one point read of the webhook and one range read of its log partition.</summary>
    internal static async Task<IResult> ListAsync(string id, HttpRequest request, WebhookStore store, DeliveryLog log, CancellationToken ct)
    {
        var limit = Limit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        if (await store.GetAsync(id, ct) is null) return WebhooksApi.NotFound(id);
        var (page, next) = await log.ListAsync(id, limit, cursor, ct);
        return Answer.Page(page.Select(a => a.View()), next);
    }

    /// <summary>Sends the logged event again, as attempt 1 of a new series, under the same event id. Two reads, one queue send.</summary>
    internal static async Task<IResult> RedeliverAsync(string id, string deliveryId, WebhookStore store, DeliveryLog log, DeliveryQueue queue, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (w, _)) return WebhooksApi.NotFound(id);
        if (await log.GetAsync(id, deliveryId, ct) is not { } attempt)
            return ApiError.NotFound($"No delivery '{(deliveryId.Length <= 50 ? deliveryId : deliveryId[..50] + "…")}' for this webhook.");
        if (!w.Enabled) return Disabled();
        await queue.SendAsync(new DeliveryJob(w.Id, attempt.EventId, attempt.EventType, 1, attempt.Body, attempt.BodyRef), TimeSpan.Zero, ct);
        return Answer.Data(new QueuedDeliveryView(attempt.EventId, attempt.EventType, w.Id, attempt.Id), StatusCodes.Status202Accepted);
    }

    private static IResult Disabled() => ApiError.Conflict("webhook_disabled", "The webhook is disabled; enable it (PATCH enabled: true) first.");
}
