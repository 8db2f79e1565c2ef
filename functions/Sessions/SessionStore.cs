using System.Security.Cryptography;
using Azure;
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
    public async Task<Session> CreateAsync(string? name, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var session = new Session("n" + RandomNumberGenerator.GetString(IdAlphabet, 6), name, Session.New, null, null, null, null, null,
                null, null, null, null, null, null, null, 0, now, now);
            try
            {
                await Table.AddEntityAsync(session.ToEntity(), ct).ConfigureAwait(false);
                return session;
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 5) { }
        }
    }

    /// <summary>One point read.</summary>
    public async Task<(Session Session, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsWellFormedId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync(Partition, id, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Session.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>One bounded query: every session, in id order.</summary>
    public async Task<IReadOnlyList<Session>> ListAsync(CancellationToken ct)
    {
        await foreach (var page in Table.QueryAsync(TableFilter.Create($"PartitionKey eq {Partition}"), MaxSessions, cancellationToken: ct).AsPages(null, MaxSessions))
            return page.Values.Select(Session.FromEntity).ToList();
        return [];
    }

    /// <summary>The first (by id) session whose status is <c>ready</c>, or null. One bounded query.</summary>
    public async Task<Session?> FirstReadyAsync(CancellationToken ct) => (await ListAsync(ct)).FirstOrDefault(s => s.IsReady);

    /// <summary>
    /// Applies <paramref name="change"/> unless the stored seq is newer (stale) or equal (already applied).
    /// One point read plus one conditional write; retried on a concurrent change.
    /// </summary>
    public async Task<SessionChange> ApplyAsync(string id, long seq, Func<Session, Session> change, CancellationToken ct)
    {
        while (true)
        {
            if (await GetAsync(id, ct).ConfigureAwait(false) is not var (session, etag)) return SessionChange.Missing;
            if (seq < session.Seq) return SessionChange.Stale;
            if (seq == session.Seq) return SessionChange.Duplicate;
            var updated = change(session) with { Seq = seq, UpdatedAt = clock.GetUtcNow() };
            try
            {
                await Table.UpdateEntityAsync(updated.ToEntity(), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return SessionChange.Applied;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404) { }
        }
    }

    /// <summary>A change made by the API (not by an engine event): keeps the seq. Point read + conditional write.</summary>
    public async Task<Session?> UpdateAsync(string id, Func<Session, Session> change, CancellationToken ct)
    {
        while (true)
        {
            if (await GetAsync(id, ct).ConfigureAwait(false) is not var (session, etag)) return null;
            var updated = change(session) with { UpdatedAt = clock.GetUtcNow() };
            try
            {
                await Table.UpdateEntityAsync(updated.ToEntity(), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return updated;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404) { }
        }
    }

    public Task DeleteAsync(string id, CancellationToken ct) => Table.DeleteEntityAsync(Partition, id, cancellationToken: ct);
}
