using System.Text.Json;

namespace WaFunctions.Hosting;

/// <summary>
/// How the host itself runs. Read once at start-up from configuration, where
/// <c>local.settings.json</c> ("Values") is overridden by environment variables.
/// </summary>
public sealed record HostSettings
{
    public int Port { get; init; } = 7071;

    /// <summary>Set by the Azure Functions host when it runs us as a custom handler.</summary>
    public int? CustomHandlerPort { get; init; }

    /// <summary>How long a received message stays hidden; renewed at half-time while its handler runs.</summary>
    public TimeSpan QueueLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An empty queue is polled again after a delay that doubles up to this cap.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; init; } = 16;

    /// <summary>After this many failed tries a message moves to <c>&lt;queue&gt;-poison</c> (the Functions default).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long the message waits before the next try after a failure.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    public bool UnderFunctionsHost => CustomHandlerPort is not null;

    public static HostSettings From(IConfiguration config)
    {
        int? Int(string key) => config[key] is { Length: > 0 } v
            ? int.TryParse(v, out var n) ? n : throw new InvalidOperationException($"Setting {key} must be a whole number, not '{v}'.")
            : null;
        var defaults = new HostSettings();
        return new HostSettings
        {
            Port = Int("WA_PORT") ?? defaults.Port,
            CustomHandlerPort = Int("FUNCTIONS_CUSTOMHANDLER_PORT"),
            QueueLease = Int("WA_QUEUE_LEASE_SECONDS") is { } lease ? TimeSpan.FromSeconds(lease) : defaults.QueueLease,
            MaxPollingInterval = Int("WA_QUEUE_MAX_POLL_MS") is { } poll ? TimeSpan.FromMilliseconds(poll) : defaults.MaxPollingInterval,
            RetryDelay = Int("WA_QUEUE_RETRY_DELAY_SECONDS") is { } retry ? TimeSpan.FromSeconds(retry) : defaults.RetryDelay,
        };
    }

    /// <summary>
    /// The Functions local settings format: <c>{ "Values": { "Name": "value" } }</c>. Inserted below
    /// every other configuration source so that environment variables win.
    /// </summary>
    public static void AddLocalSettings(IConfigurationBuilder configuration, string path)
    {
        if (!File.Exists(path)) return;
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("Values", out var v) || v.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException($"{path} has no \"Values\" object.");
        // Like environment variables (which is how the Functions host applies Values): names are
        // case-insensitive, "__" means ":", a later duplicate wins and null means unset.
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in v.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
            values[p.Name.Replace("__", ":")] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values });
    }
}
