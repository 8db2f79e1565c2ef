using System.Text;
using WaFunctions.Errors;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// One page of a RowKey range inside one partition, in key order, resuming after an opaque cursor
/// (base64url of the last RowKey returned). Costs O(limit) rows: the service is asked for at most
/// the rows still missing, and only follows its own continuation when it returned a short page.
/// </summary>
internal static class RangePage
{
    public static async Task<(IReadOnlyList<TableEntity> Rows, string? NextCursor)> ReadAsync(TableClient table, string partitionKey,
        string lowerInclusive, string upperExclusive, string? cursor, string cursorName, int limit, CancellationToken ct)
    {
        var after = cursor is null ? null : DecodeCursor(cursor, cursorName);
        if (after is not null && (string.CompareOrdinal(after, lowerInclusive) < 0 || string.CompareOrdinal(after, upperExclusive) >= 0))
            throw new InvalidInputException($"Query parameter '{cursorName}' is not valid for this list.");
        var filter = after is null
            ? TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey ge {lowerInclusive} and RowKey lt {upperExclusive}")
            : TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey gt {after} and RowKey lt {upperExclusive}");
        var rows = new List<TableEntity>(limit);
        string? token = null;
        do
        {
            await foreach (var page in table.QueryAsync(filter, cancellationToken: ct).AsPages(token, limit - rows.Count))
            {
                rows.AddRange(page.Values.Take(limit - rows.Count));
                token = page.ContinuationToken;
                break;
            }
        } while (rows.Count < limit && token is not null);
        var more = rows.Count == limit;
        return (rows, more ? EncodeCursor(rows[^1].RowKey) : null);
    }

    public static string EncodeCursor(string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeCursor(string cursor, string cursorName)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException) { throw new InvalidInputException($"Query parameter '{cursorName}' is not a cursor this API returned."); }
    }
}
