namespace WaFunctions.Webhooks;

/// <summary>The event catalogue's names (each documented in <see cref="WebhookCatalogue"/>, the OpenAPI document and EVENTS.md).</summary>
public static class WebhookEventTypes
{
    public const string Test = "webhook.test";

    /// <summary>Types a webhook may subscribe to; <c>webhook.test</c> is sent only on request, to one webhook.</summary>
    public static readonly IReadOnlyList<string> Subscribable = WebhookCatalogue.Events.Select(e => e.Type).Where(t => t != Test).ToList();

    /// <summary>What a webhook's events may hold: "*" (every type, on its own) or subscribable types.</summary>
    public static IEnumerable<string> Choices => Subscribable.Prepend("*");
}
