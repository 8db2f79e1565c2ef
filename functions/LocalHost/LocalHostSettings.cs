using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WaFunctions.LocalHost;

/// <summary>
/// How the local host runs, read once at start-up. Queue and Durable settings come from the app's <c>host.json</c>, the
/// file the Functions host reads in Azure, so both hosts behave alike; a few <c>WA_…</c> settings override them (tests
/// compress time with them). Configuration is <c>local.settings.json</c> ("Values") overridden by environment variables.
/// </summary>
public sealed record LocalHostSettings
{
    public int Port { get; init; } = 7071;

    /// <summary>How long a received message stays hidden while its handler runs; renewed at half-time.</summary>
    public TimeSpan QueueLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An empty queue is polled again after a delay that doubles up to this cap (host.json <c>maxPollingInterval</c>).</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched once no more than this many messages are still being handled.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>After this many failed tries a message moves to <c>&lt;queue&gt;-poison</c> (host.json <c>maxDequeueCount</c>).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message waits before its next try (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    public DurableSettings Durable { get; init; } = new();

    /// <summary>The Durable Task Framework's Azure Storage provider, as host.json's <c>durableTask</c> configures it in Azure.</summary>
    public sealed record DurableSettings
    {
        public string HubName { get; init; } = "WaFunctions";
        public int PartitionCount { get; init; } = 2;
        public int MaxConcurrentActivities { get; init; } = 16;
        public int MaxConcurrentOrchestrations { get; init; } = 16;

        /// <summary>
        /// How long a work item taken by a process that then died stays hidden before another takes it (the provider's
        /// default of 5 minutes would stall a broadcast that long after a crash).
        /// </summary>
        public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(45);

        public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>How long a task hub partition stays owned by a process that stopped renewing (a blob lease: 15–60 s).</summary>
        public TimeSpan PartitionLease { get; init; } = TimeSpan.FromSeconds(30);
    }

    public static LocalHostSettings From(IConfiguration config, string hostJsonPath)
    {
        int? Int(string key) => config[key] is { Length: > 0 } v
            ? int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : throw new InvalidOperationException($"Setting {key} must be a whole number, not '{v}'.")
            : null;
        var host = File.Exists(hostJsonPath)
            ? JsonNode.Parse(File.ReadAllText(hostJsonPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            : null;
        var queues = host?["extensions"]?["queues"];
        var durable = host?["extensions"]?["durableTask"];
        var provider = durable?["storageProvider"];
        TimeSpan? Time(JsonNode? node) => node?.GetValue<string>() is { } s ? TimeSpan.Parse(s, CultureInfo.InvariantCulture) : null;
        int? Number(JsonNode? node) => node?.GetValue<int>();

        var d = new LocalHostSettings();
        var lease = Int("WA_DURABLE_LEASE_SECONDS");
        if (lease is < 15 or > 60) throw new InvalidOperationException($"Setting WA_DURABLE_LEASE_SECONDS must be from 15 to 60 (a blob lease), not {lease}.");
        return new LocalHostSettings
        {
            Port = Int("WA_PORT") ?? d.Port,
            QueueLease = Int("WA_QUEUE_LEASE_SECONDS") is { } l ? TimeSpan.FromSeconds(l) : d.QueueLease,
            MaxPollingInterval = Int("WA_QUEUE_MAX_POLL_MS") is { } poll ? TimeSpan.FromMilliseconds(poll) : Time(queues?["maxPollingInterval"]) ?? d.MaxPollingInterval,
            BatchSize = Number(queues?["batchSize"]) ?? d.BatchSize,
            NewBatchThreshold = Number(queues?["newBatchThreshold"]) ?? d.NewBatchThreshold,
            MaxDequeueCount = Number(queues?["maxDequeueCount"]) ?? d.MaxDequeueCount,
            RetryDelay = Int("WA_QUEUE_RETRY_DELAY_SECONDS") is { } retry ? TimeSpan.FromSeconds(retry) : Time(queues?["visibilityTimeout"]) ?? d.RetryDelay,
            Durable = new DurableSettings
            {
                HubName = durable?["hubName"]?.GetValue<string>() ?? d.Durable.HubName,
                PartitionCount = Number(provider?["partitionCount"]) ?? d.Durable.PartitionCount,
                MaxConcurrentActivities = Number(durable?["maxConcurrentActivityFunctions"]) ?? d.Durable.MaxConcurrentActivities,
                MaxConcurrentOrchestrations = Number(durable?["maxConcurrentOrchestratorFunctions"]) ?? d.Durable.MaxConcurrentOrchestrations,
                VisibilityTimeout = Int("WA_DURABLE_VISIBILITY_SECONDS") is { } v ? TimeSpan.FromSeconds(v) : Time(provider?["workItemQueueVisibilityTimeout"]) ?? d.Durable.VisibilityTimeout,
                MaxPollingInterval = Time(provider?["maxQueuePollingInterval"]) ?? d.Durable.MaxPollingInterval,
                PartitionLease = lease is { } s ? TimeSpan.FromSeconds(s) : d.Durable.PartitionLease,
            },
        };
    }

    /// <summary>
    /// The Functions local settings format: <c>{ "Values": { "Name": "value" } }</c>. Inserted below every other
    /// configuration source so that environment variables win.
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
