using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Groups;

/// <summary>What applying a full group report did: <c>joined</c> (new to us, or back), <c>updated</c>, <c>none</c> (same as stored).</summary>
public sealed record SnapshotOutcome(string Change, GroupRecord Group, bool Redelivered);

/// <summary>
/// Table <c>groups</c>: PartitionKey = session id, RowKey = encoded group jid, one row per group the number is (or was)
/// in, kept fresh by the engine's group events and by the answers to group writes. Every change is ordered by the
/// engine's per-session seq: a full report (<c>group.joined</c>, <c>group.updated</c>, a write's answer) replaces the row
/// unless the row is newer; a change of members (<c>group.participants</c>) applies to it unless the row is newer (a
/// later full report already contains it). Leaving keeps the row, marked left, so a late older report cannot bring the
/// group back. Reads: one point read; the list one range scan of the number's partition.
/// </summary>
public sealed class GroupStore(StorageClients storage)
{
    public const string TableName = "groups";
    private TableClient Table => storage.Table(TableName);

    /// <summary>The group, or null when unknown or left. One point read.</summary>
    public async Task<GroupRecord?> GetAsync(string sessionId, string groupId, CancellationToken ct) =>
        await ReadAsync(sessionId, groupId, ct).ConfigureAwait(false) is var (g, _) && !g.Left ? g : null;

    private async Task<(GroupRecord Group, Azure.ETag ETag)?> ReadAsync(string sessionId, string groupId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, TableKey.Encode(groupId), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (GroupRecord.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>A full report at <see cref="GroupRecord.Seq"/>; null when the row is newer. Point read + conditional write.</summary>
    public Task<SnapshotOutcome?> ApplySnapshotAsync(GroupRecord report, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        var current = await ReadAsync(report.SessionId, report.Id, ct).ConfigureAwait(false);
        if (current is var (stored, _) && report.Seq < stored.Seq) return null;
        if (current is var (same, _) && report.Seq == same.Seq) return new SnapshotOutcome(same.LastChange, same, Redelivered: true);
        var change = current is not var (before, _) || before.Left ? "joined" : before.SameAs(report) ? "none" : "updated";
        var after = report with { LastChange = change, Left = false };
        await WriteAsync(after, current?.ETag, ct).ConfigureAwait(false);
        return (SnapshotOutcome?)new SnapshotOutcome(change, after, Redelivered: false);
    }, ct);

    /// <summary>
    /// Members joined, left, changed rank at <paramref name="seq"/>; <paramref name="me"/> removed means we left. Returns
    /// the group as stored after it (unchanged when the row is newer; null when unknown or left). Point read + write.
    /// </summary>
    public Task<GroupRecord?> ApplyMembersAsync(string sessionId, string groupId, string action, IReadOnlyList<string> people, string? me, long seq,
        CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        if (await ReadAsync(sessionId, groupId, ct).ConfigureAwait(false) is not var (g, etag) || g.Left) return null;
        if (seq <= g.Seq) return g;
        var members = g.Participants.ToList();
        switch (action)
        {
            case "add":
                members.AddRange(people.Where(p => members.All(m => m.Jid != p)).Select(p => new GroupParticipant(p, null)));
                break;
            case "remove":
                members.RemoveAll(m => people.Contains(m.Jid));
                break;
            case "promote" or "demote":
                members = members.Select(m => people.Contains(m.Jid) ? m with { Admin = action == "promote" ? m.Admin ?? "admin" : null } : m).ToList();
                break;
        }
        var after = g with { Participants = members, Seq = seq, LastChange = "none", Left = action == "remove" && me is not null && people.Contains(me) };
        await WriteAsync(after, etag, ct).ConfigureAwait(false);
        return after.Left ? null : after;
    }, ct);

    /// <summary>This number left the group (our own leave, answered). Point read + write.</summary>
    public Task MarkLeftAsync(string sessionId, string groupId, long seq, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        if (await ReadAsync(sessionId, groupId, ct).ConfigureAwait(false) is not var (g, etag) || g.Left || seq < g.Seq) return;
        await WriteAsync(g with { Left = true, Seq = seq, LastChange = "none" }, etag, ct).ConfigureAwait(false);
    }, ct);

    private Task WriteAsync(GroupRecord g, Azure.ETag? etag, CancellationToken ct) => etag is { } e
        ? Table.UpdateEntityAsync(g.ToEntity(), e, TableUpdateMode.Replace, ct)
        : Table.AddEntityAsync(g.ToEntity(), ct);

    /// <summary>The groups this number is in, by jid; one range scan (left groups skipped within its budget).</summary>
    public async Task<(IReadOnlyList<GroupRecord> Groups, string? Cursor)> ListAsync(string sessionId, int limit, string? cursor, CancellationToken ct)
    {
        var (rows, next) = await KeyRangeScan.PageAsync(Table, sessionId, "0", ":", cursor, limit, r => r.GetBoolean("Left") != true, ct).ConfigureAwait(false);
        return (rows.Select(GroupRecord.FromEntity).ToList(), next);
    }
}
