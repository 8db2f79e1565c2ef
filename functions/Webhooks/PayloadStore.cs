using System.Text;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Webhooks;

/// <summary>
/// Event bodies too large to travel inline in a queue message or a log row (over
/// <see cref="InlineLimit"/> UTF-8 bytes): stored once per event in <c>webhookpayloads</c>
/// (PartitionKey = event id, RowKey <c>body</c>) and referenced by event id. The event id is stable,
/// so recording the same event twice overwrites the same row. A string property holds at most
/// 64 KiB of UTF-16, so the body is split over properties <c>Body0</c>, <c>Body1</c>, …
/// </summary>
public sealed class PayloadStore(StorageClients storage)
{
    public const string TableName = "webhookpayloads";
    public const int InlineLimit = 20_000;
    private const int ChunkChars = 30_000;

    public static bool FitsInline(string body) => Encoding.UTF8.GetByteCount(body) <= InlineLimit;

    /// <summary>One round trip.</summary>
    public async Task<string> PutAsync(string eventId, string body, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKey.Encode(eventId), "body");
        WriteChunks(entity, "Body", body);
        await storage.Table(TableName).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return eventId;
    }

    /// <summary>One point read; null if the row is gone.</summary>
    public async Task<string?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        var row = await storage.Table(TableName).GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(eventId), "body", cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ReadChunks(row.Value!, "Body") : null;
    }

    /// <summary>One round trip; a body already gone is fine.</summary>
    public Task DeleteAsync(string eventId, CancellationToken cancellationToken) =>
        storage.Table(TableName).DeleteEntityAsync(TableKey.Encode(eventId), "body", cancellationToken: cancellationToken);

    /// <summary>Splits <paramref name="text"/> over <c>{prefix}0..n</c>, never between the halves of a surrogate pair.</summary>
    public static void WriteChunks(TableEntity entity, string prefix, string text)
    {
        var index = 0;
        for (var start = 0; start < text.Length || index == 0; index++)
        {
            var end = Math.Min(start + ChunkChars, text.Length);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1])) end--;
            entity[prefix + index] = text[start..end];
            start = end;
        }
    }

    public static string? ReadChunks(TableEntity entity, string prefix)
    {
        if (entity.GetString(prefix + 0) is not { } first) return null;
        var builder = new StringBuilder(first);
        for (var i = 1; entity.GetString(prefix + i) is { } next; i++) builder.Append(next);
        return builder.ToString();
    }
}
