using System.Text;
using System.Text.Json;
using Azure;

namespace WaFunctions.Storage;

/// <summary>
/// The wire form of an entity-group transaction: a <c>multipart/mixed</c> batch holding one
/// changeset whose parts are ordinary HTTP requests, answered by a multipart response in kind.
/// </summary>
internal sealed class TableBatch
{
    private readonly string _batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
    private readonly string _changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");

    public string ContentType => $"multipart/mixed; boundary={_batchBoundary}";
    public byte[] Body { get; }

    public TableBatch(Uri endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        var sb = new StringBuilder();
        sb.Append($"--{_batchBoundary}\r\nContent-Type: multipart/mixed; boundary={_changesetBoundary}\r\n\r\n");
        var baseUri = endpoint.AbsoluteUri.TrimEnd('/');
        foreach (var action in actions)
        {
            var e = action.Entity;
            var entityUri = $"{baseUri}/{table}(PartitionKey='{Uri.EscapeDataString(e.PartitionKey.Replace("'", "''"))}',RowKey='{Uri.EscapeDataString(e.RowKey.Replace("'", "''"))}')";
            var (method, uri, ifMatch, withBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", $"{baseUri}/{table}", null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUri, IfMatch(action.ETag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUri, IfMatch(action.ETag), true),
                TableTransactionActionType.UpsertMerge => ("MERGE", entityUri, null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUri, null, true),
                TableTransactionActionType.Delete => ("DELETE", entityUri, IfMatch(action.ETag), false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions)),
            };
            sb.Append($"--{_changesetBoundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            sb.Append($"{method} {uri} HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            if (ifMatch is not null) sb.Append($"If-Match: {ifMatch}\r\n");
            if (withBody)
            {
                sb.Append("Content-Type: application/json\r\nPrefer: return-no-content\r\n\r\n");
                sb.Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(e))).Append("\r\n");
            }
            else sb.Append("\r\n");
        }
        sb.Append($"--{_changesetBoundary}--\r\n--{_batchBoundary}--\r\n");
        Body = Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string IfMatch(ETag etag) => etag == default || etag == ETag.All ? "*" : etag.ToString();

    /// <summary>ETags of the applied actions in order, or the failure of the action that stopped them all.</summary>
    public static IReadOnlyList<ETag> ReadResponse(Response response, IReadOnlyList<TableTransactionAction> actions)
    {
        var text = response.Content.ToString();
        var parts = text.Split("\nHTTP/1.1 ", StringSplitOptions.None).Skip(1).Select(ParsePart).ToList();
        var failed = parts.FindIndex(p => p.Status >= 400);
        if (failed >= 0)
        {
            var (status, _, body) = parts[failed];
            var (code, message) = ReadError(body);
            // The service prefixes the message with "<index>:" of the action that failed.
            var colon = message.IndexOf(':');
            int? index = colon > 0 && int.TryParse(message.AsSpan(0, colon), out var i) ? i : parts.Count == actions.Count ? failed : null;
            throw new TableTransactionFailedException(new RequestFailedException(status, $"{status} {code}: {message}", code, null), index);
        }
        if (parts.Count != actions.Count)
            throw new RequestFailedException(response.Status, $"The transaction response held {parts.Count} parts for {actions.Count} actions.");
        return parts.Select(p => p.ETag).ToList();
    }

    private static (int Status, ETag ETag, string Body) ParsePart(string part)
    {
        var lines = part.Replace("\r\n", "\n").Split('\n');
        var status = int.Parse(lines[0].AsSpan(0, 3));
        var etag = default(ETag);
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
            if (lines[i].StartsWith("ETag:", StringComparison.OrdinalIgnoreCase)) etag = new ETag(lines[i][5..].Trim());
        var body = string.Join("\n", lines.Skip(i + 1).TakeWhile(l => !l.StartsWith("--", StringComparison.Ordinal)));
        return (status, etag, body);
    }

    private static (string? Code, string Message) ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var error = doc.RootElement.GetProperty("odata.error");
            return (error.GetProperty("code").GetString(), error.GetProperty("message").GetProperty("value").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, body.Trim());
        }
    }
}
