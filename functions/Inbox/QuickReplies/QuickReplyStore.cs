using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.QuickReplies;

/// <summary>Another quick reply already has this shortcut.</summary>
public sealed class DuplicateShortcutException() : Exception("Another quick reply has this shortcut.");

/// <summary>
/// The <c>quickreplies</c> table, one partition (<see cref="Partition"/>): each reply (<c>qr_…</c>, point reads) and a full
/// copy under its shortcut without the slash, which keys may not hold (<c>s_thanks</c>), added in the same transaction, so shortcuts are unique and listing in
/// shortcut order, or by a shortcut prefix as an agent types, is one range scan.
/// </summary>
public sealed class QuickReplyStore(StorageClients storage)
{
    public const string TableName = "quickreplies";
    internal const string Partition = "qr";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private TableClient Table => storage.Table(TableName);

    public static string NewId() => "qr_" + RandomNumberGenerator.GetString(IdAlphabet, 10);

    public static bool IsId(string id) => id.Length == 13 && id.StartsWith("qr_", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept(IdAlphabet);

    private static string ShortcutKey(string shortcut) => "s_" + shortcut.TrimStart('/');

    public async Task<(QuickReply Reply, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (QuickReply.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>One transaction; 409 <see cref="DuplicateShortcutException"/> when the shortcut is taken.</summary>
    public async Task CreateAsync(QuickReply reply, CancellationToken ct)
    {
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, reply.ToEntity(ShortcutKey(reply.Shortcut))),
                new(TableTransactionActionType.Add, reply.ToEntity(reply.Id)),
            ], ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is 0 or null) { throw new DuplicateShortcutException(); }
    }

    /// <summary>One transaction: the reply under <paramref name="etag"/>, its shortcut copy replaced (moved when renamed).</summary>
    public async Task UpdateAsync(QuickReply before, QuickReply after, ETag etag, CancellationToken ct)
    {
        var renamed = before.Shortcut != after.Shortcut;
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, after.ToEntity(after.Id), etag)];
        if (renamed)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, ShortcutKey(before.Shortcut))));
            actions.Add(new(TableTransactionActionType.Add, after.ToEntity(ShortcutKey(after.Shortcut))));
        }
        else actions.Add(new(TableTransactionActionType.UpsertReplace, after.ToEntity(ShortcutKey(after.Shortcut))));
        try { await Table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false); }
        catch (TableTransactionFailedException e) when (renamed && e.Status == 409 && e.FailedTransactionActionIndex == 2) { throw new DuplicateShortcutException(); }
    }

    public Task DeleteAsync(QuickReply reply, ETag etag, CancellationToken ct) => Table.SubmitTransactionAsync(
    [
        new(TableTransactionActionType.Delete, new TableEntity(Partition, reply.Id), etag),
        new(TableTransactionActionType.Delete, new TableEntity(Partition, ShortcutKey(reply.Shortcut))),
    ], ct);

    /// <summary>A page in shortcut order, optionally of shortcuts starting with <paramref name="prefix"/>: one range scan of O(limit) rows.</summary>
    public async Task<(IReadOnlyList<QuickReply> Replies, string? Cursor)> ListAsync(string? prefix, int limit, string? cursor, CancellationToken ct)
    {
        var from = ShortcutKey(prefix ?? "/");
        var to = from[..^1] + (char)(from[^1] + 1); // "s_th" → "s_ti"; "s_" → "s`"
        var (rows, next) = await KeyRangeScan.PageAsync(Table, Partition, from, to, cursor, limit, null, ct).ConfigureAwait(false);
        return (rows.Select(QuickReply.FromEntity).ToList(), next);
    }
}
