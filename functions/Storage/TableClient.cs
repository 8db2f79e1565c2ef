using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace WaFunctions.Storage;

public class TableClientOptions : ClientOptions
{
    internal const string ServiceVersion = "2019-02-02";
}

/// <summary>
/// A client for one table, speaking the Table service REST API (JSON, OData minimal metadata).
/// Shaped after <c>Azure.Data.Tables.TableClient</c> so it can be swapped for it.
/// Every method is exactly one HTTP round trip (plus retries for transient faults).
/// </summary>
public class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;

    public string Name { get; } = "";

    /// <summary>For substitutes in tests.</summary>
    protected TableClient() { }

    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(StorageAccount.Parse(connectionString), tableName, options) { }

    public TableClient(Uri endpoint, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(StorageAccount.FromAccountName(endpoint.Host.Split('.')[0], credential), tableName, options) =>
        _endpoint = endpoint;

    public TableClient(StorageAccount account, string tableName, TableClientOptions? options = null)
    {
        if (string.IsNullOrEmpty(tableName) || !tableName.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(tableName[0]) || tableName.Length is < 3 or > 63)
            throw new ArgumentException("A table name is 3-63 letters and digits, starting with a letter.", nameof(tableName));
        Name = tableName;
        _endpoint = account.TableEndpoint;
        _pipeline = StoragePipeline.Build(account, options ?? new TableClientOptions(), SharedKeyPolicy.Service.Table);
    }

    public virtual async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Post, "Tables");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new { TableName = Name }));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 409) return message.Response; // TableAlreadyExists
        if (message.Response.IsError) throw StoragePipeline.Failure(message.Response);
        return message.Response;
    }

    public virtual async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, $"Tables('{Name}')");
        return await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey,
        IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var result = await GetEntityIfExistsAsync(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        return result.HasValue
            ? Response.FromValue(result.Value!, result.GetRawResponse())
            : throw StoragePipeline.Failure(result.GetRawResponse());
    }

    /// <summary>A point read that answers "absent" instead of throwing (one round trip either way).</summary>
    public virtual async Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(string partitionKey, string rowKey,
        IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var query = select is null ? "" : "?$select=" + Uri.EscapeDataString(string.Join(",", select));
        using var message = NewMessage(RequestMethod.Get, EntityPath(partitionKey, rowKey) + query);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404) return new TableNullableResponse(response, null);
        if (response.IsError) throw StoragePipeline.Failure(response);
        using var doc = JsonDocument.Parse(response.Content.ToMemory());
        return new TableNullableResponse(response, TableEntityJson.Read(doc.RootElement, response.Headers.ETag));
    }

    /// <summary>Inserts a new row; fails with 409 <c>EntityAlreadyExists</c> if the keys are taken.</summary>
    public virtual async Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using var message = NewMessage(RequestMethod.Post, Name);
        WithBody(message, entity);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        entity.ETag = StoragePipeline.ETagOf(response);
        return response;
    }

    /// <summary>Inserts, or replaces/merges into, the row with these keys regardless of its ETag.</summary>
    public virtual Task<Response> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge,
        CancellationToken cancellationToken = default) =>
        WriteAsync(entity, mode, ifMatch: null, cancellationToken);

    /// <summary>
    /// Updates an existing row only if its ETag still equals <paramref name="ifMatch"/> (or any
    /// ETag for <see cref="ETag.All"/>); otherwise 412 <c>UpdateConditionNotSatisfied</c> and nothing changes.
    /// </summary>
    public virtual Task<Response> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge,
        CancellationToken cancellationToken = default) =>
        WriteAsync(entity, mode, ifMatch, cancellationToken);

    public virtual async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default,
        CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch == default ? "*" : ifMatch.ToString());
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        // Deleting a row that is already gone is success when no ETag was required (idempotent retries).
        if (message.Response.Status == 404 && ifMatch == default) return message.Response;
        if (message.Response.IsError) throw StoragePipeline.Failure(message.Response);
        return message.Response;
    }

    /// <summary>
    /// Rows matching an OData filter (build it with <see cref="TableFilter"/>), one service page per
    /// <see cref="Page{T}"/>; the continuation token resumes exactly after the last row returned.
    /// </summary>
    public virtual AsyncPageable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null,
        IEnumerable<string>? select = null, CancellationToken cancellationToken = default) =>
        new TablePageable(this, filter, maxPerPage, select?.ToArray(), cancellationToken);

    internal async Task<Page<TableEntity>> QueryPageAsync(string? filter, int? top, string[]? select,
        string? continuation, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (filter is not null) query.Add("$filter=" + Uri.EscapeDataString(filter));
        if (top is { } t) query.Add("$top=" + t);
        if (select is not null) query.Add("$select=" + Uri.EscapeDataString(string.Join(",", select)));
        if (TableContinuation.Parse(continuation) is var (nextPk, nextRk) && nextPk is not null)
        {
            query.Add("NextPartitionKey=" + Uri.EscapeDataString(nextPk));
            if (nextRk is not null) query.Add("NextRowKey=" + Uri.EscapeDataString(nextRk));
        }
        using var message = NewMessage(RequestMethod.Get, $"{Name}()" + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(response.Content.ToMemory());
        var rows = doc.RootElement.GetProperty("value").EnumerateArray().Select(e => TableEntityJson.Read(e)).ToList();
        response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var pk);
        response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var rk);
        return Page<TableEntity>.FromValues(rows, TableContinuation.Format(pk, rk), response);
    }

    /// <summary>
    /// Runs up to 100 actions on one partition as an entity-group transaction: all succeed or none
    /// is applied. A failure throws <see cref="TableTransactionFailedException"/> naming the action.
    /// </summary>
    public virtual async Task<Response<IReadOnlyList<ETag>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions,
        CancellationToken cancellationToken = default)
    {
        var list = actions.ToList();
        if (list.Count is 0 or > 100) throw new ArgumentException("A transaction holds 1 to 100 actions.", nameof(actions));
        if (list.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 1)
            throw new ArgumentException("Every action of a transaction must be in the same partition.", nameof(actions));
        list.ForEach(a => ValidateKeys(a.Entity));

        var batch = new TableBatch(_endpoint, Name, list);
        using var message = NewMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(TableBatch.ReadResponse(response, list), response);
    }

    private async Task<Response> WriteAsync(TableEntity entity, TableUpdateMode mode, ETag? ifMatch, CancellationToken cancellationToken)
    {
        ValidateKeys(entity);
        using var message = NewMessage(mode == TableUpdateMode.Merge ? RequestMethod.Patch : RequestMethod.Put,
            EntityPath(entity.PartitionKey, entity.RowKey));
        WithBody(message, entity);
        if (ifMatch is { } etag) message.Request.Headers.SetValue("If-Match", etag == ETag.All || etag == default ? "*" : etag.ToString());
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        entity.ETag = StoragePipeline.ETagOf(response);
        return response;
    }

    private HttpMessage NewMessage(RequestMethod method, string relativePath)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_endpoint.AbsoluteUri.TrimEnd('/') + "/" + relativePath));
        message.Request.Headers.SetValue("Accept", JsonAccept);
        message.Request.Headers.SetValue("x-ms-version", TableClientOptions.ServiceVersion);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        return message;
    }

    private static void WithBody(HttpMessage message, TableEntity entity)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
    }

    internal string EntityPath(string partitionKey, string rowKey)
    {
        TableKey.Validate(partitionKey, nameof(partitionKey));
        TableKey.Validate(rowKey, nameof(rowKey));
        return $"{Name}(PartitionKey='{Uri.EscapeDataString(partitionKey.Replace("'", "''"))}',RowKey='{Uri.EscapeDataString(rowKey.Replace("'", "''"))}')";
    }

    private static void ValidateKeys(TableEntity entity)
    {
        TableKey.Validate(entity.PartitionKey, nameof(entity.PartitionKey));
        TableKey.Validate(entity.RowKey, nameof(entity.RowKey));
    }

    private sealed class TableNullableResponse(Response raw, TableEntity? value) : NullableResponse<TableEntity>
    {
        public override bool HasValue => value is not null;
        public override TableEntity? Value => value;
        public override Response GetRawResponse() => raw;
    }
}
