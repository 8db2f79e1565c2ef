using Azure;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Hosting;

namespace WaFunctions.Webhooks;

/// <summary>Webhook subscriptions (scopes <c>webhooks:read</c>, <c>webhooks:write</c>). Secrets appear only on creation and rotation.</summary>
internal static class WebhooksApi
{
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public static IReadOnlyList<HttpFunction> Functions { get; } =
    [
        new("CreateWebhook", "v1/webhooks", "POST", Scopes.WebhooksWrite, CreateAsync),
        new("ListWebhooks", "v1/webhooks", "GET", Scopes.WebhooksRead, ListAsync),
        new("GetWebhook", "v1/webhooks/{id}", "GET", Scopes.WebhooksRead, GetAsync),
        new("UpdateWebhook", "v1/webhooks/{id}", "PATCH", Scopes.WebhooksWrite, UpdateAsync),
        new("DeleteWebhook", "v1/webhooks/{id}", "DELETE", Scopes.WebhooksWrite, DeleteAsync),
        new("RotateWebhookSecret", "v1/webhooks/{id}/rotate-secret", "POST", Scopes.WebhooksWrite, RotateSecretAsync),
        .. WebhookDeliveriesApi.Functions,
    ];

    internal sealed record CreateWebhookRequest(string? Url, string[]? Events, string? SessionId, string? Secret, string? Description, bool? Enabled);
    internal sealed record UpdateWebhookRequest(string? Url, string[]? Events, string? SessionId, string? Description, bool? Enabled);

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
        return Results.Json(new { data = WebhookView.Of(webhook, webhook.Secret) }, statusCode: 201);
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, WebhookStore store, CancellationToken ct)
    {
        var (page, cursor) = await store.ListAsync(Query.Int(request, "limit", 100, 1, 100), Query.String(request, "cursor", 2000), ct);
        return Results.Json(new { data = page.Select(w => WebhookView.Of(w)), nextCursor = cursor });
    }

    internal static async Task<IResult> GetAsync(string id, WebhookStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is var (webhook, _) ? Results.Json(new { data = WebhookView.Of(webhook) }) : NotFound(id);

    /// <summary>One read, one conditional replace. Enabling clears the reason it was disabled and the dead-delivery count.</summary>
    internal static async Task<IResult> UpdateAsync(string id, UpdateWebhookRequest body, WebhookStore store, WebhookSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (w, etag)) return NotFound(id);
        var now = clock.GetUtcNow();
        var updated = w with
        {
            Url = body.Url is null ? w.Url : await WebhookRules.UrlAsync(body.Url, settings, ct),
            Events = body.Events is null ? w.Events : WebhookRules.Events(body.Events),
            SessionId = body.SessionId is null ? w.SessionId : WebhookRules.SessionId(body.SessionId),
            Description = body.Description is null ? w.Description : WebhookRules.Description(body.Description),
            UpdatedAt = now,
        };
        if (body.Enabled == true && !w.Enabled) updated = updated with { Enabled = true, DisabledReason = null, DisabledAt = null, ConsecutiveDeadDeliveries = 0 };
        if (body.Enabled == false && w.Enabled) updated = updated with { Enabled = false, DisabledReason = "Disabled through the API.", DisabledAt = now };
        try { await store.UpdateAsync(updated, etag, ct); }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return Changed(); }
        return Results.Json(new { data = WebhookView.Of(updated) });
    }

    internal static async Task<IResult> DeleteAsync(string id, WebhookStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return NotFound(id);
        try { await store.DeleteAsync(id, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
        return Results.NoContent();
    }

    /// <summary>A new secret signs from now on; the old one keeps signing alongside it for 24 hours.</summary>
    internal static async Task<IResult> RotateSecretAsync(string id, WebhookStore store, TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (w, etag)) return NotFound(id);
        var now = clock.GetUtcNow();
        var rotated = w with { Secret = WebhookSigner.NewSecret(), PreviousSecret = w.Secret, PreviousSecretExpiresAt = now + RotationOverlap, UpdatedAt = now };
        try { await store.UpdateAsync(rotated, etag, ct); }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return Changed(); }
        return Results.Json(new { data = WebhookView.Of(rotated, rotated.Secret, rotated.PreviousSecretExpiresAt) });
    }

    internal static IResult NotFound(string id) => ApiError.NotFound($"No webhook '{(id.Length <= 50 ? id : id[..50] + "…")}'.");

    private static IResult Changed() => ApiError.Conflict("conflict", "The webhook was changed by another request; read it again and retry.");
}
