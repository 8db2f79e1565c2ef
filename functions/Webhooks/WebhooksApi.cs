using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.OpenApi;

namespace WaFunctions.Webhooks;

/// <summary>Webhook subscriptions (scopes <c>webhooks:read</c>, <c>webhooks:write</c>). Secrets appear only on creation and rotation.</summary>
internal static class WebhooksApi
{
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder api)
    {
        api.MapPost("/webhooks", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Create a webhook")
            .WithDescription("Subscribes an HTTPS URL to events (or [\"*\"] for all), optionally of one number. Every delivery is signed with the webhook's secret, shown only in this answer and on rotation, and retried with backoff.")
            .Returns<WebhookView>(StatusCodes.Status201Created)
            .Fails(409, "limit_reached", $"There are already {WebhookSubscriptions.MaxWebhooks} webhooks; delete one first.")
            .RequireScope(Scopes.WebhooksWrite);
        api.MapGet("/webhooks", ListAsync).WithName("ListWebhooks")
            .WithSummary("List webhooks")
            .WithDescription("Webhooks without their secrets, with why and when any was disabled.")
            .ReturnsPage<WebhookView>()
            .WithQuery(Limit, Paging.Cursor)
            .RequireScope(Scopes.WebhooksRead);
        api.MapGet("/webhooks/{id}", GetAsync).WithName("GetWebhook")
            .WithSummary("Get a webhook")
            .WithDescription("One webhook, without its secret.")
            .Returns<WebhookView>()
            .RequireScope(Scopes.WebhooksRead);
        api.MapPatch("/webhooks/{id}", UpdateAsync).WithName("UpdateWebhook")
            .WithSummary("Update a webhook")
            .WithDescription("A field left out keeps its value; null clears sessionId (every number) or description; url, events and enabled cannot be cleared. Enabling a disabled webhook clears why it was disabled and its count of dead deliveries.")
            .Returns<WebhookView>()
            .RequireScope(Scopes.WebhooksWrite);
        api.MapDelete("/webhooks/{id}", DeleteAsync).WithName("DeleteWebhook")
            .WithSummary("Delete a webhook")
            .WithDescription("Stops deliveries to the webhook.")
            .ReturnsNothing()
            .RequireScope(Scopes.WebhooksWrite);
        api.MapPost("/webhooks/{id}/rotate-secret", RotateSecretAsync).WithName("RotateWebhookSecret")
            .WithSummary("Rotate a webhook's secret")
            .WithDescription("A new secret signs from now on; the previous one keeps signing alongside it for 24 hours (previousSecretExpiresAt), so the receiver can switch without losing events.")
            .Returns<WebhookView>()
            .RequireScope(Scopes.WebhooksWrite);
        api.MapWebhookDeliveries();
        return api;
    }

    private static readonly NumberQuery Limit = Paging.Limit(100, 100);

    /// <summary>Url and events are required; a secret is generated unless given; enabled by default.</summary>
    internal sealed record CreateWebhookRequest(string? Url,
        [property: Choices(typeof(WebhookEventTypes), nameof(WebhookEventTypes.Choices))] string[]? Events,
        string? SessionId = null, string? Secret = null, string? Description = null, bool? Enabled = null);
    /// <summary>A field left out keeps its value; <c>null</c> clears sessionId (every session) or description.</summary>
    internal sealed record UpdateWebhookRequest
    {
        public Optional<string> Url { get; init; }
        [Choices(typeof(WebhookEventTypes), nameof(WebhookEventTypes.Choices))]
        public Optional<string[]> Events { get; init; }
        public Optional<string> SessionId { get; init; }
        public Optional<string> Description { get; init; }
        public Optional<bool?> Enabled { get; init; }
    }

    /// <summary>URL check (DNS), a bounded count of webhooks, one insert.</summary>
    internal static async Task<IResult> CreateAsync(CreateWebhookRequest body, WebhookStore store, WebhookSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var url = await WebhookRules.UrlAsync(body.Url, settings, ct);
        var now = clock.GetUtcNow();
        var enabled = body.Enabled ?? true;
        var webhook = new Webhook(Webhook.NewId(), url, WebhookRules.Events(body.Events), WebhookRules.SessionId(body.SessionId),
            WebhookRules.Description(body.Description), enabled, enabled ? null : "Created disabled.", enabled ? null : now,
            WebhookRules.Secret(body.Secret), null, null, 0, now, now);
        if (await store.CreateAsync(webhook, ct) is null)
            return ApiError.Conflict("limit_reached", $"At most {WebhookSubscriptions.MaxWebhooks} webhooks may exist; delete one first.");
        return Answer.Data(WebhookView.Of(webhook, webhook.Secret), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, WebhookStore store, CancellationToken ct)
    {
        var (page, cursor) = await store.ListAsync(Limit.Read(request), Paging.Cursor.Read(request), ct);
        return Answer.Page(page.Select(w => WebhookView.Of(w)), cursor);
    }

    internal static async Task<IResult> GetAsync(string id, WebhookStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is var (webhook, _) ? Answer.Data(WebhookView.Of(webhook)) : NotFound(id);

    /// <summary>One read, one conditional replace (again on a concurrent change). Enabling clears the reason it was disabled and the dead-delivery count.</summary>
    internal static async Task<IResult> UpdateAsync(string id, UpdateWebhookRequest body, WebhookStore store, WebhookSettings settings, TimeProvider clock, CancellationToken ct)
    {
        // The URL check resolves DNS: once, before any read-modify-write.
        var url = body.Url.IsSet ? await WebhookRules.UrlAsync(body.Url.Value, settings, ct) : null;
        var updated = await store.ChangeAsync(id, w =>
        {
            var now = clock.GetUtcNow();
            var changed = w with
            {
                Url = url ?? w.Url,
                Events = body.Events.OrKeep(w.Events, "events", WebhookRules.Events),
                SessionId = body.SessionId.Or(w.SessionId, WebhookRules.SessionId),
                Description = body.Description.Or(w.Description, WebhookRules.Description),
                UpdatedAt = now,
            };
            var enabled = body.Enabled.OrKeep(w.Enabled, "enabled", v => v!.Value);
            if (enabled && !w.Enabled) changed = changed with { Enabled = true, DisabledReason = null, DisabledAt = null, ConsecutiveDeadDeliveries = 0 };
            if (!enabled && w.Enabled) changed = changed with { Enabled = false, DisabledReason = "Disabled through the API.", DisabledAt = now };
            return changed;
        }, ct);
        return updated is null ? NotFound(id) : Answer.Data(WebhookView.Of(updated));
    }

    internal static async Task<IResult> DeleteAsync(string id, WebhookStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return NotFound(id);
        await store.DeleteAsync(id, ct); // already gone meanwhile is fine: the delete answers success
        return Results.NoContent();
    }

    /// <summary>A new secret signs from now on; the old one keeps signing alongside it for 24 hours.</summary>
    internal static async Task<IResult> RotateSecretAsync(string id, WebhookStore store, TimeProvider clock, CancellationToken ct)
    {
        var rotated = await store.ChangeAsync(id, w =>
        {
            var now = clock.GetUtcNow();
            return w with { Secret = WebhookSigner.NewSecret(), PreviousSecret = w.Secret, PreviousSecretExpiresAt = now + RotationOverlap, UpdatedAt = now };
        }, ct);
        return rotated is null ? NotFound(id) : Answer.Data(WebhookView.Of(rotated, rotated.Secret, rotated.PreviousSecretExpiresAt));
    }

    internal static IResult NotFound(string id) => ApiError.NotFound($"No webhook '{(id.Length <= 50 ? id : id[..50] + "…")}'.");
}
