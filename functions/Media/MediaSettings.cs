namespace WaFunctions.Media;

/// <summary>
/// How the API fetches media URLs for sends, read once at start-up: <c>WA_MEDIA_FETCH_TIMEOUT_MS</c> caps one fetch
/// (connect, redirects and the whole body); private targets follow <c>WA_WEBHOOKS_ALLOW_PRIVATE</c>, the one SSRF
/// switch for webhooks and media alike.
/// </summary>
public sealed record MediaSettings(TimeSpan FetchTimeout, bool AllowPrivateTargets)
{
    public const int MaxRedirects = 3;

    public static MediaSettings From(IConfiguration config, Webhooks.WebhookSettings webhooks)
    {
        var timeout = TimeSpan.FromSeconds(30);
        if (config["WA_MEDIA_FETCH_TIMEOUT_MS"] is { Length: > 0 } v)
            timeout = int.TryParse(v, out var ms) && ms is >= 100 and <= 600_000
                ? TimeSpan.FromMilliseconds(ms)
                : throw new InvalidOperationException($"Setting WA_MEDIA_FETCH_TIMEOUT_MS must be a whole number from 100 to 600000, not '{v}'.");
        return new MediaSettings(timeout, webhooks.AllowPrivateTargets);
    }
}
