using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Sessions;

/// <summary>How a seq-guarded session change went.</summary>
public enum SessionChange { Missing, Stale, Duplicate, Applied }

/// <summary>
/// The <c>sessions</c> table: PartitionKey <c>session</c>, RowKey = session id (<c>n</c> + 6 random
/// lowercase letters/digits). A business has a handful of numbers, so listing them is one bounded
/// query of at most <see cref="MaxSessions"/> rows.
/// </summary>
public sealed class SessionStore(StorageClients storage, TimeProvider clock)
{
    public const string TableName = "sessions";
    internal const string Partition = "session";
    public const int MaxSessions = 200;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private TableClient Table => storage.Table(TableName);

    public static bool IsWellFormedId(string id) =>
        id.Length is >= 2 and <= 32 && id[0] == 'n' && !id.AsSpan(1).ContainsAnyExcept(IdAlphabet);

    /// <summary>One insert (retried with a new id on the rare collision).</summary>
    public Task<Session> CreateAsync(string? name, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        var now = clock.GetUtcNow();
        var session = new Session("n" + RandomNumberGenerator.GetString(IdAlphabet, 6), name, Session.New, null, null, null, null, null,
            null, null, null, null, null, null, null, 0, now, now);
        await Table.AddEntityAsync(session.ToEntity(), ct).ConfigureAwait(false);
        return session;
    }, ct);

    /// <summary>One point read.</summary>
    public async Task<(Session Session, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsWellFormedId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Session.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>One bounded query: every session, in id order.</summary>
    public async Task<IReadOnlyList<Session>> ListAsync(CancellationToken ct)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), MaxSessions, cancellationToken: ct).AsPages(null, MaxSessions))
            return page.Values.Select(Session.FromEntity).ToList();
        return [];
    }

    /// <summary>The first (by id) session whose status is <c>ready</c>, or null. One bounded query.</summary>
    public async Task<Session?> FirstReadyAsync(CancellationToken ct) => (await ListAsync(ct)).FirstOrDefault(s => s.IsReady);

    /// <summary>
    /// Applies <paramref name="change"/> unless the stored seq is newer (stale) or equal (already applied).
    /// One point read plus one conditional write (again on a concurrent change, see <see cref="Optimistic"/>).
    /// </summary>
    public Task<SessionChange> ApplyAsync(string id, long seq, Func<Session, Session> change, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        if (await GetAsync(id, ct).ConfigureAwait(false) is not var (session, etag)) return SessionChange.Missing;
        if (seq < session.Seq) return SessionChange.Stale;
        if (seq == session.Seq) return SessionChange.Duplicate;
        var updated = change(session) with { Seq = seq, UpdatedAt = clock.GetUtcNow() };
        await Table.UpdateEntityAsync(updated.ToEntity(), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        return SessionChange.Applied;
    }, ct);

    /// <summary>
    /// A change not ordered by the session's seq (the API's, a warning, a code): keeps the seq. <paramref name="change"/>
    /// returns null to leave the row as it is. Point read + conditional write.
    /// </summary>
    public Task<Session?> UpdateAsync(string id, Func<Session, Session?> change, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        if (await GetAsync(id, ct).ConfigureAwait(false) is not var (session, etag)) return null;
        if (change(session) is not { } changed) return session;
        var updated = changed with { UpdatedAt = clock.GetUtcNow() };
        await Table.UpdateEntityAsync(updated.ToEntity(), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        return (Session?)updated;
    }, ct);

    public Task DeleteAsync(string id, CancellationToken ct) => Table.DeleteEntityAsync(Partition, id, cancellationToken: ct);
}
