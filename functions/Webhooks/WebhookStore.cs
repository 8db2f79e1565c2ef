using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Webhooks;

/// <summary>
/// The <c>webhooks</c> table (one partition, a handful of rows). Every write invalidates this
/// process's subscription cache; other processes see it within the cache's few seconds.
/// </summary>
public sealed class WebhookStore(StorageClients storage, WebhookSubscriptions subscriptions)
{
    private TableClient Table => storage.Table(WebhookSubscriptions.TableName);

    /// <summary>Two round trips: a bounded count (≤ MaxWebhooks rows, keys only), then the insert. Null when the cap is reached.</summary>
    public async Task<Webhook?> CreateAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WebhookSubscriptions.Partition}"),
            WebhookSubscriptions.MaxWebhooks, ["RowKey"], cancellationToken).AsPages(null, WebhookSubscriptions.MaxWebhooks))
        {
            count = page.Values.Count;
            break;
        }
        if (count >= WebhookSubscriptions.MaxWebhooks) return null;
        await Table.AddEntityAsync(webhook.ToEntity(), cancellationToken).ConfigureAwait(false);
        subscriptions.Invalidate();
        return webhook;
    }

    /// <summary>One point read.</summary>
    public async Task<(Webhook Webhook, ETag ETag)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Webhook.IsWellFormedId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(WebhookSubscriptions.Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (Webhook.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>One page of the partition: one range query; a cursor this list did not hand out is a 400.</summary>
    public async Task<(IReadOnlyList<Webhook> Webhooks, string? Cursor)> ListAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        var (rows, next) = await KeyRangeScan.PageAsync(Table, WebhookSubscriptions.Partition, "", "\uffff", cursor, limit, null, cancellationToken).ConfigureAwait(false);
        return (rows.Select(Webhook.FromEntity).ToList(), next);
    }

    /// <summary>Replaces the row if nobody changed it since it was read (412 otherwise).</summary>
    public async Task UpdateAsync(Webhook webhook, ETag etag, CancellationToken cancellationToken)
    {
        await Table.UpdateEntityAsync(webhook.ToEntity(), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        subscriptions.Invalidate();
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await Table.DeleteEntityAsync(WebhookSubscriptions.Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        subscriptions.Invalidate();
    }

    /// <summary>
    /// Read-modify-write with the row's ETag, again on a concurrent change (<see cref="Optimistic"/>). Returns the row
    /// as written, or null when the webhook is gone. Two round trips per try.
    /// </summary>
    public Task<Webhook?> ChangeAsync(string id, Func<Webhook, Webhook?> change, CancellationToken cancellationToken) =>
        Optimistic.RetryAsync(async () =>
        {
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is not var (current, etag)) return null;
            if (change(current) is not { } changed) return current;
            await UpdateAsync(changed, etag, cancellationToken).ConfigureAwait(false);
            return (Webhook?)changed;
        }, cancellationToken);
}
