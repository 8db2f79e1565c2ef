namespace WaFunctions.Webhooks;

/// <summary>
/// Webhook delivery settings, read once at start-up. Defaults are the production behaviour; the
/// overrides exist so tests and the local demo can compress time and reach local receivers.
/// </summary>
public sealed record WebhookSettings
{
    /// <summary><c>WA_WEBHOOKS_ALLOW_PRIVATE=true</c>: loopback, private and link-local targets are allowed (never cloud metadata).</summary>
    public bool AllowPrivateTargets { get; init; }

    /// <summary><c>WA_WEBHOOK_RETRY_BASE_MS</c>: the first retry's ceiling; each later one is 4× the previous (see <see cref="RetrySchedule"/>).</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>WA_WEBHOOK_MAX_ATTEMPTS</c>: attempts per delivery, the first included; after the last the delivery is dead.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary><c>WA_WEBHOOK_DISABLE_AFTER_DEAD</c>: consecutive dead deliveries (no success in between) that disable a webhook.</summary>
    public int DisableAfterDeadDeliveries { get; init; } = 5;

    /// <summary><c>WA_WEBHOOK_PER_RECEIVER</c>: deliveries in flight at once per receiver (scheme + host + port) and process.</summary>
    public int ConcurrencyPerReceiver { get; init; } = 4;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>WA_WEBHOOK_LOG_RETENTION_DAYS</c>: how long delivery log rows (and large bodies) are kept for reading and redelivery.</summary>
    public TimeSpan LogRetention { get; init; } = TimeSpan.FromDays(30);

    public static WebhookSettings From(IConfiguration config)
    {
        int? Int(string key, int min, int max) => config[key] is { Length: > 0 } v
            ? int.TryParse(v, out var n) && n >= min && n <= max ? n : throw new InvalidOperationException($"Setting {key} must be a whole number from {min} to {max}, not '{v}'.")
            : null;
        var allow = config["WA_WEBHOOKS_ALLOW_PRIVATE"] is { Length: > 0 } a
            ? bool.TryParse(a, out var b) ? b : throw new InvalidOperationException($"Setting WA_WEBHOOKS_ALLOW_PRIVATE must be true or false, not '{a}'.")
            : false;
        var defaults = new WebhookSettings();
        return new WebhookSettings
        {
            AllowPrivateTargets = allow,
            RetryBase = Int("WA_WEBHOOK_RETRY_BASE_MS", 1, 3_600_000) is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.RetryBase,
            MaxAttempts = Int("WA_WEBHOOK_MAX_ATTEMPTS", 1, 20) ?? defaults.MaxAttempts,
            DisableAfterDeadDeliveries = Int("WA_WEBHOOK_DISABLE_AFTER_DEAD", 1, 1000) ?? defaults.DisableAfterDeadDeliveries,
            ConcurrencyPerReceiver = Int("WA_WEBHOOK_PER_RECEIVER", 1, 64) ?? defaults.ConcurrencyPerReceiver,
            LogRetention = Int("WA_WEBHOOK_LOG_RETENTION_DAYS", 1, 3650) is { } days ? TimeSpan.FromDays(days) : defaults.LogRetention,
        };
    }
}
