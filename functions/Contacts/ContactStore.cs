using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Contacts;

/// <summary>The phone number already belongs to another contact.</summary>
internal sealed class DuplicateContactException(string existingId) : Exception($"A contact with this phone already exists: {existingId}.")
{
    public string ExistingId { get; } = existingId;
}

/// <summary>
/// The <c>contacts</c> table. Everything lives in one partition (<see cref="Partition"/>) so that a
/// contact and its index rows change together in one entity-group transaction:
/// <list type="bullet">
/// <item><c>c_…</c> (the contact id): the contact.</item>
/// <item><c>p_&lt;digits&gt;</c>: the phone index (<c>ContactId</c>). Adding it in the create transaction is what
/// makes a phone unique: of two concurrent creates with one phone, the second transaction fails whole.</item>
/// <item><c>s_&lt;stage&gt;_c_…</c>: a full copy of the contact under its lifecycle stage, so <c>?stage=</c> is a range scan.</item>
/// </list>
/// One partition caps writes at the partition's ~2,000 operations/s, far above CRM edit rates.
/// </summary>
internal sealed class ContactStore(StorageClients storage)
{
    public const string TableName = "contacts";
    internal const string Partition = "c";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private TableClient Table => storage.Table(TableName);

    public static string NewId() => "c_" + RandomNumberGenerator.GetString(IdAlphabet, 12);
    public static bool IsId(string id) => id.Length == 14 && id.StartsWith("c_", StringComparison.Ordinal) && !id.AsSpan(2).ContainsAnyExcept(IdAlphabet);
    private static string PhoneKey(string phone) => "p_" + phone;
    private static string StageKey(string stage, string id) => $"s_{stage}_{id}";

    /// <summary>One transaction (contact + phone index + stage copy); on a taken phone one more point read names the owner.</summary>
    public Task CreateAsync(Contact contact, CancellationToken cancellationToken) => Optimistic.RetryAsync(async () =>
    {
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(Partition, PhoneKey(contact.Phone)) { ["ContactId"] = contact.Id }),
                new(TableTransactionActionType.Add, contact.ToEntity(Partition, contact.Id)),
                new(TableTransactionActionType.Add, contact.ToEntity(Partition, StageKey(contact.Lifecycle, contact.Id))),
            ], cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is 0 or null)
        {
            // The phone is taken, unless its owner was deleted before this read: then it is free, and the lost race is retried.
            if (await OwnerOfAsync(contact.Phone, cancellationToken).ConfigureAwait(false) is { } owner) throw new DuplicateContactException(owner);
            throw;
        }
    }, cancellationToken);

    /// <summary>One point read.</summary>
    public async Task<(Contact Contact, ETag ETag)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (Contact.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>
    /// One transaction: the contact (guarded by <paramref name="etag"/>, 412 if changed meanwhile), its
    /// stage copy, and the phone index when the phone changed (409 <see cref="DuplicateContactException"/> if taken).
    /// </summary>
    public async Task UpdateAsync(Contact before, Contact after, ETag etag, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, after.ToEntity(Partition, after.Id), etag)];
        if (before.Phone != after.Phone)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, PhoneKey(before.Phone))));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, PhoneKey(after.Phone)) { ["ContactId"] = after.Id }));
        }
        if (before.Lifecycle != after.Lifecycle)
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, StageKey(before.Lifecycle, before.Id))));
        actions.Add(new(TableTransactionActionType.UpsertReplace, after.ToEntity(Partition, StageKey(after.Lifecycle, after.Id))));
        try { await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false); }
        catch (TableTransactionFailedException e) when (e.Status == 409 && before.Phone != after.Phone)
        {
            throw new DuplicateContactException(await OwnerOfAsync(after.Phone, cancellationToken).ConfigureAwait(false) ?? "unknown");
        }
    }

    /// <summary>One transaction removing the contact (guarded by <paramref name="etag"/>) and its index rows.</summary>
    public Task DeleteAsync(Contact contact, ETag etag, CancellationToken cancellationToken) =>
        Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Delete, new TableEntity(Partition, contact.Id), etag),
            new(TableTransactionActionType.Delete, new TableEntity(Partition, PhoneKey(contact.Phone))),
            new(TableTransactionActionType.Delete, new TableEntity(Partition, StageKey(contact.Lifecycle, contact.Id))),
        ], cancellationToken);

    /// <summary>
    /// A page of contacts in id order, optionally of one stage (range scan of its copies) and matching
    /// a free-text query. Without <paramref name="query"/>: one query of at most <paramref name="limit"/>
    /// rows. With it: Table Storage has no substring index, so rows are scanned 1,000 per round trip
    /// until <paramref name="limit"/> match or 5,000 rows were examined (at most ~5 round trips);
    /// the page may then hold fewer than <paramref name="limit"/> items plus a nextCursor to go on.
    /// </summary>
    public async Task<(IReadOnlyList<Contact> Contacts, string? Cursor)> ListAsync(string? stage, ContactQuery? query, int limit,
        string? cursor, CancellationToken cancellationToken)
    {
        var (from, to) = stage is null ? ("c_", "c`") : ($"s_{stage}_", $"s_{stage}`");
        Func<TableEntity, bool>? match = query is null ? null : row => Contact.FromEntity(row).Matches(query);
        var (rows, next) = await KeyRangeScan.PageAsync(Table, Partition, from, to, cursor, limit, match, cancellationToken).ConfigureAwait(false);
        return (rows.Select(Contact.FromEntity).ToList(), next);
    }

    public async Task<string?> OwnerOfAsync(string phone, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, PhoneKey(phone), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("ContactId") : null;
    }
}
