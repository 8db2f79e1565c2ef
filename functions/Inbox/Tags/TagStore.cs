using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.Tags;

/// <summary>Another tag already has this name.</summary>
public sealed class DuplicateTagException() : Exception("Another tag has this name.");

/// <summary>
/// The <c>tags</c> table, one partition (<see cref="Partition"/>): tags (<c>tg_…</c>) and one row per name
/// (<c>n_</c> + hash of the lower-case name), changed in the same transaction, so names are unique. At most
/// <see cref="MaxTags"/> tags: listing them all is one bounded range scan.
/// </summary>
public sealed class TagStore(StorageClients storage)
{
    public const string TableName = "tags";
    internal const string Partition = "tag";
    public const int MaxTags = 500;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private TableClient Table => storage.Table(TableName);

    public static string NewId() => "tg_" + RandomNumberGenerator.GetString(IdAlphabet, 10);

    private static string NameKey(string name) => "n_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name.ToLowerInvariant())))[..32];

    /// <summary>One point read.</summary>
    public async Task<(Tag Tag, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        if (!Chats.TagIds.IsId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Tag.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Every tag in id order: one range scan of at most <see cref="MaxTags"/> rows.</summary>
    public async Task<IReadOnlyList<Tag>> ListAsync(CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"tg_"} and RowKey lt {"tg`"}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, MaxTags, cancellationToken: ct).AsPages(null, MaxTags).ConfigureAwait(false))
            return page.Values.Select(Tag.FromEntity).ToList();
        return [];
    }

    /// <summary>One transaction (tag + name row); 409 <see cref="DuplicateTagException"/> when the name is taken.</summary>
    public async Task CreateAsync(Tag tag, CancellationToken ct)
    {
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(Partition, NameKey(tag.Name)) { ["TagId"] = tag.Id }),
                new(TableTransactionActionType.Add, tag.ToEntity()),
            ], ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is 0 or null) { throw new DuplicateTagException(); }
    }

    /// <summary>One transaction: the tag under <paramref name="etag"/>, and its name row moved when the name changed.</summary>
    public async Task UpdateAsync(Tag before, Tag after, ETag etag, CancellationToken ct)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, after.ToEntity(), etag)];
        var renamed = NameKey(before.Name) != NameKey(after.Name);
        if (renamed)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, NameKey(before.Name))));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, NameKey(after.Name)) { ["TagId"] = after.Id }));
        }
        try { await Table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false); }
        catch (TableTransactionFailedException e) when (renamed && e.Status == 409 && e.FailedTransactionActionIndex == 2) { throw new DuplicateTagException(); }
    }

    /// <summary>One transaction removing the tag (under <paramref name="etag"/>) and its name row.</summary>
    public Task DeleteAsync(Tag tag, ETag etag, CancellationToken ct) => Table.SubmitTransactionAsync(
    [
        new(TableTransactionActionType.Delete, new TableEntity(Partition, tag.Id), etag),
        new(TableTransactionActionType.Delete, new TableEntity(Partition, NameKey(tag.Name))),
    ], ct);
}
