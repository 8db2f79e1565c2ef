using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Webhooks;

/// <summary>What the outbox needs to know of a webhook to decide whether an event goes to it.</summary>
public sealed record WebhookSubscription(string Id, IReadOnlySet<string> Events, string? SessionId, bool Enabled)
{
    public bool Matches(string type, string? sessionId) =>
        Enabled && (Events.Contains("*") || Events.Contains(type)) && (SessionId is null || SessionId == sessionId);
}

/// <summary>
/// The <c>webhooks</c> table (PartitionKey <c>wh</c>, RowKey = webhook id) read as subscriptions.
/// A business has a handful of webhooks, so the whole partition is one bounded query, cached for a
/// few seconds per process: recording an event costs no storage read in the steady state.
/// </summary>
public sealed class WebhookSubscriptions(StorageClients storage, TimeProvider clock)
{
    public const string TableName = "webhooks";
    public const string Partition = "wh";
    public const int MaxWebhooks = 100;
    private static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(5);

    private (IReadOnlyList<WebhookSubscription> Subscriptions, DateTimeOffset Until) _cache = ([], DateTimeOffset.MinValue);

    public async Task<IReadOnlyList<WebhookSubscription>> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cache;
        if (cached.Until > clock.GetUtcNow()) return cached.Subscriptions;
        var rows = await storage.Table(TableName)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), MaxWebhooks, ["RowKey", "Events", "SessionId", "Enabled"], cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var subscriptions = rows.Select(r => new WebhookSubscription(r.RowKey,
            (r.GetString("Events") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            r.GetString("SessionId"), r.GetBoolean("Enabled") ?? true)).ToList();
        _cache = (subscriptions, clock.GetUtcNow() + CacheTtl);
        return subscriptions;
    }

    /// <summary>After a webhook changes here, this process sees it at once (others within the TTL).</summary>
    public void Invalidate() => _cache = ([], DateTimeOffset.MinValue);
}
