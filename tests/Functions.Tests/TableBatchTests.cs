using System.Text;
using System.Text.RegularExpressions;
using Azure;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

public class TableBatchTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    private static TableTransactionAction Action(TableTransactionActionType type, string rowKey, ETag etag = default) =>
        new(type, new TableEntity("pk", rowKey) { ["Name"] = "n" }, etag);

    private static TableTransactionAction[] AllSix() =>
    [
        Action(TableTransactionActionType.Add, "r0"),
        Action(TableTransactionActionType.UpdateMerge, "r1"),
        Action(TableTransactionActionType.UpdateReplace, "r2", new ETag("W/\"datetime'2025'\"")),
        Action(TableTransactionActionType.UpsertMerge, "r3"),
        Action(TableTransactionActionType.UpsertReplace, "r4"),
        Action(TableTransactionActionType.Delete, "r5"),
    ];

    /// <summary>The application/http parts of the single changeset, in order.</summary>
    private static (string Boundary, string[] Parts) Changeset(TableBatch batch)
    {
        var body = Encoding.UTF8.GetString(batch.Body);
        var batchBoundary = Regex.Match(batch.ContentType, "^multipart/mixed; boundary=(batch_[0-9a-f]{32})$").Groups[1].Value;
        Assert.NotEmpty(batchBoundary);
        Assert.StartsWith($"--{batchBoundary}\r\n", body);
        Assert.EndsWith($"--{batchBoundary}--\r\n", body);
        Assert.Equal(2, Regex.Matches(body, $"--{batchBoundary}").Count); // exactly one changeset inside the batch

        var changeset = Regex.Match(body, "Content-Type: multipart/mixed; boundary=(changeset_[0-9a-f]{32})\r\n").Groups[1].Value;
        Assert.NotEmpty(changeset);
        Assert.Contains($"--{changeset}--\r\n--{batchBoundary}--\r\n", body);
        var parts = body.Split($"--{changeset}").Skip(1).SkipLast(1).ToArray();
        return (changeset, parts);
    }

    [Fact]
    public void Body_OnePartPerActionWithTheRightMethod()
    {
        var (_, parts) = Changeset(new TableBatch(Endpoint, "messages", AllSix()));
        Assert.Equal(6, parts.Length);
        string RequestLine(string part) => part.Split("\r\n").First(l => l.Contains(" HTTP/1.1"));
        var entity = "http://127.0.0.1:10002/devstoreaccount1/messages(PartitionKey='pk',RowKey='r{0}') HTTP/1.1";
        Assert.Equal("POST http://127.0.0.1:10002/devstoreaccount1/messages HTTP/1.1", RequestLine(parts[0]));
        Assert.Equal("MERGE " + string.Format(entity, 1), RequestLine(parts[1]));
        Assert.Equal("PUT " + string.Format(entity, 2), RequestLine(parts[2]));
        Assert.Equal("MERGE " + string.Format(entity, 3), RequestLine(parts[3]));
        Assert.Equal("PUT " + string.Format(entity, 4), RequestLine(parts[4]));
        Assert.Equal("DELETE " + string.Format(entity, 5), RequestLine(parts[5]));
        Assert.All(parts, p => Assert.Contains("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n", p));
    }

    [Fact]
    public void Body_IfMatchStarForDefaultETag_ExplicitETagKept_NoneForAddAndUpserts()
    {
        var (_, parts) = Changeset(new TableBatch(Endpoint, "t", AllSix()));
        string? IfMatch(string part) => part.Split("\r\n").FirstOrDefault(l => l.StartsWith("If-Match:"));
        Assert.Null(IfMatch(parts[0]));
        Assert.Equal("If-Match: *", IfMatch(parts[1]));
        Assert.Equal("If-Match: W/\"datetime'2025'\"", IfMatch(parts[2]));
        Assert.Null(IfMatch(parts[3]));
        Assert.Null(IfMatch(parts[4]));
        Assert.Equal("If-Match: *", IfMatch(parts[5]));
    }

    [Fact]
    public void Body_EntityJsonForWritesButNotForDelete()
    {
        var (_, parts) = Changeset(new TableBatch(Endpoint, "t", AllSix()));
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains("Content-Type: application/json\r\n", parts[i]);
            Assert.Contains($"\r\n\r\n{{\"PartitionKey\":\"pk\",\"RowKey\":\"r{i}\",\"Name\":\"n\"}}\r\n", parts[i]);
        }
        Assert.DoesNotContain("{", parts[5]);
        Assert.DoesNotContain("application/json\r\n", parts[5]);
        Assert.EndsWith("\r\n\r\n", parts[5]);
    }

    [Fact]
    public void Body_KeysAreQuotedAndEscapedInTheUri()
    {
        var action = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("o'brien", "a b%"));
        var (_, parts) = Changeset(new TableBatch(Endpoint, "t", [action]));
        Assert.Contains("DELETE http://127.0.0.1:10002/devstoreaccount1/t(PartitionKey='o%27%27brien',RowKey='a%20b%25') HTTP/1.1", parts[0]);
    }

    [Fact]
    public void Body_BoundariesDifferPerBatch()
    {
        var a = new TableBatch(Endpoint, "t", AllSix());
        var b = new TableBatch(Endpoint, "t", AllSix());
        Assert.NotEqual(a.ContentType, b.ContentType);
    }

    private static string SuccessResponse(int count)
    {
        var sb = new StringBuilder("--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_1\r\n\r\n");
        for (var i = 0; i < count; i++)
            sb.Append("--changesetresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
              .Append("HTTP/1.1 204 No Content\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\nDataServiceVersion: 1.0;\r\n")
              .Append($"ETag: W/\"datetime'2025-06-29T10%3A15%3A0{i}.0000000Z'\"\r\n\r\n\r\n");
        return sb.Append("--changesetresponse_1--\r\n--batchresponse_1--\r\n").ToString();
    }

    [Fact]
    public void ReadResponse_SuccessGivesETagsInOrder()
    {
        var actions = AllSix().Take(3).ToList();
        var etags = TableBatch.ReadResponse(new TestResponse(202, SuccessResponse(3)), actions);
        Assert.Equal(
            Enumerable.Range(0, 3).Select(i => new ETag($"W/\"datetime'2025-06-29T10%3A15%3A0{i}.0000000Z'\"")),
            etags);
    }

    [Fact]
    public void ReadResponse_WrongPartCountThrows()
    {
        var e = Assert.Throws<RequestFailedException>(() => TableBatch.ReadResponse(new TestResponse(202, SuccessResponse(2)), AllSix()));
        Assert.IsNotType<TableTransactionFailedException>(e);
    }

    private const string ConflictJson =
        "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"2:The specified entity already exists.\\nRequestId:1\\nTime:2025-06-29T10:15:00.0000000Z\"}}}";

    private static string FailureResponse(string status, string body) =>
        "--batchresponse_2\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
        "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
        $"HTTP/1.1 {status}\r\nX-Content-Type-Options: nosniff\r\nDataServiceVersion: 3.0;\r\n" +
        "Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
        body + "\r\n--changesetresponse_2--\r\n--batchresponse_2--\r\n";

    [Fact]
    public void ReadResponse_FailureBecomesTransactionFailedException()
    {
        var e = Assert.Throws<TableTransactionFailedException>(() =>
            TableBatch.ReadResponse(new TestResponse(202, FailureResponse("409 Conflict", ConflictJson)), AllSix()));
        Assert.Equal(409, e.Status);
        Assert.Equal("EntityAlreadyExists", e.ErrorCode);
        Assert.Equal(2, e.FailedTransactionActionIndex);
        Assert.Contains("The specified entity already exists.", e.Message);
    }

    [Fact]
    public void ReadResponse_FailureWithoutIndexPrefixAndNonJsonBody()
    {
        var body = FailureResponse("400 Bad Request", "not json at all");
        var e = Assert.Throws<TableTransactionFailedException>(() =>
            TableBatch.ReadResponse(new TestResponse(202, body), AllSix()));
        Assert.Equal(400, e.Status);
        Assert.Null(e.ErrorCode);
        Assert.Null(e.FailedTransactionActionIndex); // one part for six actions: the culprit is unknown
        Assert.Contains("not json at all", e.Message);
    }

    [Fact]
    public void ReadResponse_FailureWithExactServiceMessage()
    {
        const string json = "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"2:The specified entity already exists.\"}}}";
        var e = Assert.Throws<TableTransactionFailedException>(() =>
            TableBatch.ReadResponse(new TestResponse(202, FailureResponse("409 Conflict", json)), AllSix().Take(3).ToList()));
        Assert.Equal(409, e.Status);
        Assert.Equal("EntityAlreadyExists", e.ErrorCode);
        Assert.Equal(2, e.FailedTransactionActionIndex);
    }
}
