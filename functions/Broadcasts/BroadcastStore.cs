using System.Globalization;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts;

/// <summary>
/// Table <c>broadcasts</c>. Partition = broadcast id: the state row <c>"state"</c> and the recipients <c>"r0000"…</c>,
/// so taking a recipient and advancing the state is one entity-group transaction. Partition <c>"index"</c>: one row per
/// broadcast, RowKey = inverted creation time + id, for listing newest first.
/// </summary>
public sealed class BroadcastStore(StorageClients storage)
{
    public const string TableName = "broadcasts";
    internal const string IndexPartition = "index";
    public const int MaxRecipients = 5000;

    internal TableClient Table => storage.Table(TableName);

    public static string IndexKey(DateTimeOffset createdAt, string id) =>
        (9_999_999_999_999L - createdAt.ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture) + "_" + id;

    /// <summary>Recipients in transactions of 100 (4 in parallel), then the index row, then the state row (which makes it exist).</summary>
    public async Task<ETag> CreateAsync(Broadcast broadcast, IReadOnlyList<BroadcastRecipient> recipients, CancellationToken ct)
    {
        await Parallel.ForEachAsync(recipients.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (chunk, c) => await Table.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.ToEntity())), c).ConfigureAwait(false))
            .ConfigureAwait(false);
        await Table.UpsertEntityAsync(new TableEntity(IndexPartition, IndexKey(broadcast.CreatedAt, broadcast.Id))
        {
            ["BroadcastId"] = broadcast.Id, ["SessionId"] = broadcast.SessionId,
        },
            TableUpdateMode.Replace, ct).ConfigureAwait(false);
        var added = await Table.AddEntityAsync(broadcast.ToEntity(), ct).ConfigureAwait(false);
        return added.Headers.ETag.GetValueOrDefault();
    }

    /// <summary>One point read.</summary>
    public async Task<(Broadcast Broadcast, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        if (!BroadcastRules.IsWellFormedId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, Broadcast.StateRow, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Broadcast.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>One conditional replace (412 when someone changed it since <paramref name="etag"/>).</summary>
    public async Task<ETag> ReplaceAsync(Broadcast broadcast, ETag etag, CancellationToken ct)
    {
        var replaced = await Table.UpdateEntityAsync(broadcast.ToEntity(), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        return replaced.Headers.ETag.GetValueOrDefault();
    }

    /// <summary>The state (under its ETag) and one recipient together: one transaction. Returns the state's new ETag.</summary>
    public async Task<ETag> ReplaceWithRecipientAsync(Broadcast broadcast, ETag etag, BroadcastRecipient recipient, ETag recipientETag, CancellationToken ct)
    {
        var result = await Table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, broadcast.ToEntity(), etag),
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, recipient.ToEntity(), recipientETag == default ? ETag.All : recipientETag),
        ], ct).ConfigureAwait(false);
        return result.Value[0].Headers.ETag.GetValueOrDefault();
    }

    /// <summary>One point read.</summary>
    public async Task<(BroadcastRecipient Recipient, ETag ETag)?> GetRecipientAsync(string id, int index, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, BroadcastRecipient.RowKey(index), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (BroadcastRecipient.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>
    /// The first recipient before the cursor that a retryable failure sent back to <c>pending</c>: one query the service
    /// answers from this broadcast's partition (at most its 5,000 recipient rows examined), run only while retries are due.
    /// </summary>
    public async Task<int?> FirstRetryAsync(string id, int cursor, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"r"} and RowKey lt {BroadcastRecipient.RowKey(cursor)} and Status eq {RecipientStatus.Pending}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1, ["RowKey"], ct).ConfigureAwait(false))
            return BroadcastRecipient.FromEntity(row).Index;
        return null;
    }

    /// <summary>
    /// One page of the index, newest first: one range query of at most <paramref name="limit"/> rows, or, filtered by
    /// number, up to <see cref="KeyRangeScan.DefaultBudget"/> index rows examined (a few round trips) for the page.
    /// </summary>
    public Task<(IReadOnlyList<TableEntity> Rows, string? NextCursor)> ListAsync(string? cursor, int limit, string? sessionId, CancellationToken ct) =>
        KeyRangeScan.PageAsync(Table, IndexPartition, "0", ":", cursor, limit,
            sessionId is null ? null : row => row.GetString("SessionId") == sessionId, ct);

    /// <summary>
    /// One page of recipients in index order, optionally of one status. Without a status: a range read of
    /// <paramref name="limit"/> rows. With one: the service filters the partition's recipient range, so a page reads at
    /// most the broadcast's recipients (≤ 5000 rows) — bounded by the partition, not by the table.
    /// </summary>
    public async Task<(IReadOnlyList<BroadcastRecipient> Rows, string? NextCursor)> RecipientsAsync(string id, string? status, string? after,
        int limit, CancellationToken ct)
    {
        var lower = after ?? "r";
        var filter = status is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey gt {lower} and RowKey lt {"s"}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey gt {lower} and RowKey lt {"s"} and Status eq {status}");
        var rows = new List<BroadcastRecipient>(limit);
        string? token = null;
        do
        {
            await foreach (var page in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct).AsPages(token, limit - rows.Count))
            {
                rows.AddRange(page.Values.Take(limit - rows.Count).Select(BroadcastRecipient.FromEntity));
                token = page.ContinuationToken;
                break;
            }
        } while (rows.Count < limit && token is not null);
        return (rows, rows.Count == limit ? BroadcastRecipient.RowKey(rows[^1].Index) : null);
    }
}
