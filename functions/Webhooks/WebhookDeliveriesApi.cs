using System.Text.Json;
using WaFunctions.Auth;
using WaFunctions.Errors;

namespace WaFunctions.Webhooks;

/// <summary>Test events, the delivery log and redelivery of one webhook.</summary>
internal static class WebhookDeliveriesApi
{
    public static IEndpointRouteBuilder MapWebhookDeliveries(this IEndpointRouteBuilder api)
    {
        api.MapPost("/webhooks/{id}/test", TestAsync).WithName("TestWebhook").RequireScope(Scopes.WebhooksWrite);
        api.MapGet("/webhooks/{id}/deliveries", ListAsync).WithName("ListWebhookDeliveries").RequireScope(Scopes.WebhooksRead);
        api.MapPost("/webhooks/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync).WithName("RedeliverWebhookDelivery").RequireScope(Scopes.WebhooksWrite);
        return api;
    }

    /// <summary>Records a <c>webhook.test</c> event for this webhook only: one read, one queue send.</summary>
    internal static async Task<IResult> TestAsync(string id, WebhookStore store, DeliveryQueue queue, TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (w, _)) return WebhooksApi.NotFound(id);
        if (!w.Enabled) return Disabled();
        var e = new WebhookEvent("evt_" + Guid.NewGuid().ToString("N"), WebhookEventTypes.Test, null, clock.GetUtcNow(),
            JsonSerializer.SerializeToElement(new WebhookTestEventData(w.Id, "A test event sent on request."), WebhookEvent.Json));
        var (body, bodyRef) = await queue.PrepareAsync(e, ct);
        await queue.SendAsync(new DeliveryJob(w.Id, e.Id, e.Type, 1, body, bodyRef), TimeSpan.Zero, ct);
        return Results.Json(new { data = new { eventId = e.Id, type = e.Type, webhookId = w.Id } }, statusCode: 202);
    }

    /// <summary>Newest first; one point read of the webhook and one range read of its log partition.</summary>
    internal static async Task<IResult> ListAsync(string id, HttpRequest request, WebhookStore store, DeliveryLog log, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 50, 1, 200);
        var cursor = Query.String(request, "cursor", 2000);
        if (await store.GetAsync(id, ct) is null) return WebhooksApi.NotFound(id);
        var (page, next) = await log.ListAsync(id, limit, cursor, ct);
        return Results.Json(new { data = page.Select(a => a.View()), nextCursor = next });
    }

    /// <summary>Sends the logged event again, as attempt 1 of a new series, under the same event id. Two reads, one queue send.</summary>
    internal static async Task<IResult> RedeliverAsync(string id, string deliveryId, WebhookStore store, DeliveryLog log, DeliveryQueue queue, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (w, _)) return WebhooksApi.NotFound(id);
        if (await log.GetAsync(id, deliveryId, ct) is not { } attempt)
            return ApiError.NotFound($"No delivery '{(deliveryId.Length <= 50 ? deliveryId : deliveryId[..50] + "…")}' for this webhook.");
        if (!w.Enabled) return Disabled();
        await queue.SendAsync(new DeliveryJob(w.Id, attempt.EventId, attempt.EventType, 1, attempt.Body, attempt.BodyRef), TimeSpan.Zero, ct);
        return Results.Json(new { data = new { eventId = attempt.EventId, type = attempt.EventType, webhookId = w.Id, redeliveryOf = attempt.Id } }, statusCode: 202);
    }

    private static IResult Disabled() => ApiError.Conflict("webhook_disabled", "The webhook is disabled; enable it (PATCH enabled: true) first.");
}
