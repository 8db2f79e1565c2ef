using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Webhooks;

/// <summary>The outcome of one attempt. Status: <c>succeeded</c>, <c>retrying</c>, <c>dead</c> (last attempt failed) or <c>gone</c> (410: webhook disabled).</summary>
public sealed record DeliveryAttempt(string Id, string WebhookId, string EventId, string EventType, int Attempt, string Status,
    DateTimeOffset At, int? ResponseStatus, long DurationMs, string? ResponseBody, string? Error, DateTimeOffset? NextRetryAt,
    string? Body, string? BodyRef)
{
    /// <summary>Ids sort newest first: <c>dlv_</c> + 19-digit inverted ticks + 12 random hex digits. The RowKey is the id without its prefix.</summary>
    public static string NewId(DateTimeOffset at) =>
        $"dlv_{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";

    public static bool IsWellFormedId(string id) => id.Length == 35 && id.StartsWith("dlv_", StringComparison.Ordinal)
        && !id.AsSpan(4, 19).ContainsAnyExcept("0123456789") && !id.AsSpan(23).ContainsAnyExcept("0123456789abcdef");

    internal DeliveryView View() => new(Id, EventId, EventType, Attempt, Status, At, ResponseStatus, DurationMs, ResponseBody, Error, NextRetryAt);

    public static readonly IReadOnlyList<string> Statuses = ["succeeded", "retrying", "dead", "gone"];
}

/// <summary>
/// One delivery attempt as the log shows it: what the receiver answered (status, the start of its body, how long it
/// took) or the error, and when the next retry is due.
/// </summary>
internal sealed record DeliveryView(string Id, string EventId, string EventType, int Attempt,
    [property: OpenApi.Choices(typeof(DeliveryAttempt), nameof(DeliveryAttempt.Statuses))] string Status, DateTimeOffset At,
    int? ResponseStatus, long DurationMs, string? ResponseBody, string? Error, DateTimeOffset? NextRetryAt);

/// <summary>
/// The <c>webhookdeliveries</c> table: PartitionKey = webhook id, RowKey = inverted time + random,
/// so a page of the log is one range read, newest first. Each row keeps the body it sent (or the
/// reference to a large one) so any delivery can be sent again.
/// </summary>
public sealed class DeliveryLog(StorageClients storage)
{
    public const string TableName = "webhookdeliveries";
    private TableClient Table => storage.Table(TableName);

    /// <summary>One round trip.</summary>
    public Task WriteAsync(DeliveryAttempt a, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(a.WebhookId, a.Id[4..])
        {
            ["EventId"] = a.EventId, ["EventType"] = a.EventType, ["Attempt"] = a.Attempt, ["Status"] = a.Status, ["At"] = a.At,
            ["ResponseStatus"] = a.ResponseStatus, ["DurationMs"] = a.DurationMs, ["ResponseBody"] = a.ResponseBody, ["Error"] = a.Error,
            ["NextRetryAt"] = a.NextRetryAt, ["BodyRef"] = a.BodyRef,
        };
        if (a.Body is not null) PayloadStore.WriteChunks(entity, "Body", a.Body);
        return Table.AddEntityAsync(entity, cancellationToken);
    }

    /// <summary>One page, one round trip (a range of one partition).</summary>
    public async Task<(IReadOnlyList<DeliveryAttempt> Attempts, string? Cursor)> ListAsync(string webhookId, int limit, string? cursor, CancellationToken cancellationToken)
    {
        // The log page needs no bodies: the select keeps up to 64 KiB per row out of the answer.
        string[] select = ["RowKey", "EventId", "EventType", "Attempt", "Status", "At", "ResponseStatus", "DurationMs", "ResponseBody", "Error", "NextRetryAt"];
        var (rows, next) = await KeyRangeScan.PageAsync(Table, webhookId, "", "\uffff", cursor, limit, null, cancellationToken, select: select).ConfigureAwait(false);
        return (rows.Select(r => From(webhookId, r)).ToList(), next);
    }

    /// <summary>One point read.</summary>
    public async Task<DeliveryAttempt?> GetAsync(string webhookId, string deliveryId, CancellationToken cancellationToken)
    {
        if (!DeliveryAttempt.IsWellFormedId(deliveryId)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(webhookId, deliveryId[4..], cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? From(webhookId, row.Value!) : null;
    }

    /// <summary>
    /// Deletes up to <paramref name="maxRows"/> attempts older than <paramref name="olderThan"/> and
    /// returns the large-body references they held. Rows sort newest first, so the old ones are one
    /// range at the end of the partition: one query page plus one transaction per 100 rows.
    /// </summary>
    public async Task<(int Deleted, IReadOnlyList<string> BodyRefs)> PruneAsync(string webhookId, DateTimeOffset olderThan, int maxRows, CancellationToken cancellationToken)
    {
        var firstOld = DeliveryAttempt.NewId(olderThan)[4..23]; // the inverted-ticks prefix of that instant
        var rows = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {webhookId} and RowKey gt {firstOld}"), maxRows, ["RowKey", "BodyRef"], cancellationToken)
            .Take(maxRows).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in rows.Chunk(100))
            await Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(webhookId, r.RowKey))), cancellationToken).ConfigureAwait(false);
        return (rows.Count, rows.Select(r => r.GetString("BodyRef")).OfType<string>().Distinct(StringComparer.Ordinal).ToList());
    }

    private static DeliveryAttempt From(string webhookId, TableEntity r) => new("dlv_" + r.RowKey, webhookId, r.GetString("EventId") ?? "",
        r.GetString("EventType") ?? "", r.GetInt32("Attempt") ?? 0, r.GetString("Status") ?? "", r.GetDateTimeOffset("At") ?? default,
        r.GetInt32("ResponseStatus"), r.GetInt64("DurationMs") ?? 0, r.GetString("ResponseBody"), r.GetString("Error"),
        r.GetDateTimeOffset("NextRetryAt"), PayloadStore.ReadChunks(r, "Body"), r.GetString("BodyRef"));
}
