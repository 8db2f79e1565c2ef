using Azure;

namespace WaFunctions.Storage;

/// <summary>Lazily fetches one service page per iteration step; nothing is read ahead.</summary>
internal sealed class TablePageable(TableClient client, string? filter, int? maxPerPage, string[]? select,
    CancellationToken cancellationToken) : AsyncPageable<TableEntity>(cancellationToken)
{
    public override async IAsyncEnumerable<Page<TableEntity>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var token = continuationToken;
        do
        {
            var page = await client.QueryPageAsync(filter, pageSizeHint ?? maxPerPage, select, token, CancellationToken).ConfigureAwait(false);
            token = page.ContinuationToken;
            yield return page;
        } while (token is not null);
    }
}

/// <summary>
/// The service continues a query from a (NextPartitionKey, NextRowKey) pair; callers see one opaque
/// string. A space cannot start a base64 value, so it separates the two parts unambiguously.
/// </summary>
internal static class TableContinuation
{
    public static string? Format(string? nextPartitionKey, string? nextRowKey) =>
        nextPartitionKey is null ? null : nextRowKey is null ? nextPartitionKey : nextPartitionKey + " " + nextRowKey;

    public static (string? PartitionKey, string? RowKey) Parse(string? token)
    {
        if (string.IsNullOrEmpty(token)) return (null, null);
        var space = token.IndexOf(' ');
        return space < 0 ? (token, null) : (token[..space], token[(space + 1)..]);
    }
}
