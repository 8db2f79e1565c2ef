using System.Buffers.Text;
using System.Text;
using Azure.Data.Tables;
using WaFunctions.Errors;

namespace WaFunctions.Storage;

/// <summary>
/// Pages through the rows of one partition whose RowKey lies in [from, to), after an opaque cursor
/// (the base64url of the last RowKey examined, so a page resumes exactly where the previous one
/// stopped, even mid service page, plus a short check so a mistyped or made-up cursor is a 400 rather than a
/// silently wrong page). Without a predicate a page costs one query of at most
/// <c>limit</c> rows; with one, rows are examined service page by service page (up to 1,000 rows
/// each) until <c>limit</c> match or <c>budget</c> rows were examined, and the cursor continues
/// from there, so a page never costs more than about budget/1,000 round trips.
/// </summary>
public static class KeyRangeScan
{
    public const int DefaultBudget = 5000;
    private const int MaxServicePage = 1000;

    public static async Task<(IReadOnlyList<TableEntity> Rows, string? Cursor)> PageAsync(TableClient table, string partition,
        string from, string to, string? cursor, int limit, Func<TableEntity, bool>? match, CancellationToken cancellationToken,
        int budget = DefaultBudget, string cursorName = "cursor", IReadOnlyList<string>? select = null)
    {
        var after = Decode(cursor, from, to, cursorName);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {to}");
        var rows = new List<TableEntity>();
        var (scanned, token, last) = (0, (string?)null, after);
        for (var round = 0; round < 50; round++)
        {
            var top = match is null ? Math.Min(MaxServicePage, limit - rows.Count) : Math.Min(MaxServicePage, budget - scanned);
            Azure.Page<TableEntity>? page = null;
            await foreach (var p in table.QueryAsync<TableEntity>(filter, top, select, cancellationToken).AsPages(token, top).ConfigureAwait(false))
            {
                page = p;
                break;
            }
            token = page?.ContinuationToken;
            var values = page?.Values ?? [];
            for (var i = 0; i < values.Count; i++)
            {
                scanned++;
                last = values[i].RowKey;
                if (match is null || match(values[i])) rows.Add(values[i]);
                if (rows.Count == limit) return (rows, i < values.Count - 1 || token is not null ? Encode(last) : null);
            }
            if (token is null) return (rows, null);
            if (scanned >= budget) break;
        }
        return (rows, Encode(last ?? from));
    }

    public static string Encode(string rowKey)
    {
        var bytes = Encoding.UTF8.GetBytes(rowKey);
        return Base64Url.EncodeToString(bytes) + "." + Check(bytes);
    }

    /// <summary>Not a secret: a cursor only ever resumes a scan within the caller's own list; it catches mistakes.</summary>
    private static string Check(byte[] key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key).AsSpan(0, 3));

    private static string? Decode(string? cursor, string from, string to, string cursorName)
    {
        if (cursor is null) return null;
        string? key = null;
        if (cursor.Split('.') is [var body, var check])
        {
            try
            {
                var bytes = Base64Url.DecodeFromChars(body);
                if (Check(bytes) == check) key = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (Exception e) when (e is FormatException or ArgumentException) { }
        }
        if (key is null || string.CompareOrdinal(key, from) < 0 || string.CompareOrdinal(key, to) >= 0)
            throw new InvalidInputException($"Query parameter '{cursorName}' is not a cursor of this list; pass the nextCursor of the previous page with the same filters.");
        return key;
    }
}
