using WaFunctions.Errors;

namespace WaFunctions.Webhooks;

/// <summary>Validation of webhook fields, each failure a 400 naming the field.</summary>
internal static class WebhookRules
{
    public const int MaxUrlLength = 2048;

    /// <summary>Checks the form and, through the SSRF guard, every address the host resolves to.</summary>
    public static async Task<string> UrlAsync(string? url, WebhookSettings settings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new InvalidInputException("Field 'url' is required.");
        if (url.Length > MaxUrlLength) throw new InvalidInputException($"Field 'url' is longer than {MaxUrlLength} characters.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new InvalidInputException("Field 'url' must be an absolute http or https URL.");
        try { await new UrlGuard(settings.AllowPrivateTargets).CheckAsync(uri, ct).ConfigureAwait(false); }
        catch (TargetRefusedException e) { throw new InvalidInputException("Field 'url': " + e.Message); }
        return uri.AbsoluteUri;
    }

    public static IReadOnlyList<string> Events(string[]? events)
    {
        if (events is null || events.Length == 0)
            throw new InvalidInputException("Field 'events' is required: a list of event types, or [\"*\"] for all.");
        var distinct = events.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Contains("*")) return distinct.Count == 1 ? ["*"] : throw new InvalidInputException("Field 'events' may hold \"*\" only on its own.");
        foreach (var e in distinct)
            if (!WebhookEventTypes.Subscribable.Contains(e))
                throw new InvalidInputException($"Field 'events' holds an unknown event type '{Clip(e)}'; known types: {string.Join(", ", WebhookEventTypes.Subscribable)}.");
        return distinct;
    }

    public static string? SessionId(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId)) return null;
        if (sessionId.Length > 100 || sessionId.Any(char.IsControl)) throw new InvalidInputException("Field 'sessionId' must be at most 100 characters, without control characters.");
        return sessionId;
    }

    public static string? Description(string? description)
    {
        if (string.IsNullOrEmpty(description)) return null;
        return description.Length <= 500 ? description : throw new InvalidInputException("Field 'description' is longer than 500 characters.");
    }

    public static string Secret(string? secret)
    {
        if (secret is null) return WebhookSigner.NewSecret();
        // The message never echoes the secret.
        return WebhookSigner.Problem(secret) is { } problem ? throw new InvalidInputException($"Field 'secret' {problem}.") : secret;
    }

    private static string Clip(string s) => s.Length <= 50 ? s : s[..50] + "…";
}
