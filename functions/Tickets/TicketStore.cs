using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Tickets;

/// <summary>
/// The <c>tickets</c> table, one partition (<see cref="Partition"/>) so that a ticket, its numbering
/// and its index rows change together in one entity-group transaction:
/// <list type="bullet">
/// <item><c>t_…</c> (the ticket id): the ticket (point reads).</item>
/// <item><c>counter</c>: <c>Last</c>, the last ticket number handed out. Each create replaces it under its
/// ETag in the same transaction that adds the ticket, so numbers are unique and gap-free; a create that
/// lost the race re-reads and retries.</item>
/// <item>Full copies for listing newest first (keys end in <c>999999999999 − number</c>): <c>n_…</c> (all),
/// <c>s_&lt;status&gt;_…</c>, <c>a_&lt;assignee hash&gt;_…</c> and <c>sa_&lt;status&gt;_&lt;assignee hash&gt;_…</c>,
/// so every filter combination is one range scan of O(limit) rows.</item>
/// <item><c>ch_&lt;conversation hash&gt;_…</c>: a copy per ticket opened from a conversation (number + chat id), so a
/// conversation's tickets are one range scan too.</item>
/// </list>
/// </summary>
internal sealed class TicketStore(StorageClients storage)
{
    public const string TableName = "tickets";
    internal const string Partition = "t";
    private const string CounterKey = "counter";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    // Creates in this process take turns, so concurrent creates on one instance do not fight over the
    // counter's ETag; across instances the ETag alone keeps the numbers unique.
    private readonly SemaphoreSlim _createTurn = new(1, 1);
    private TableClient Table => storage.Table(TableName);

    public static string NewId() => "t_" + RandomNumberGenerator.GetString(IdAlphabet, 12);
    public static bool IsId(string id) => id.Length == 14 && id.StartsWith("t_", StringComparison.Ordinal) && !id.AsSpan(2).ContainsAnyExcept(IdAlphabet);

    internal static string AssigneeHash(string assignee) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(assignee.ToLowerInvariant())))[..32];

    internal static string ConversationHash(string sessionId, string chatId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId + "\n" + chatId)))[..32];

    /// <summary>The RowKeys of a ticket's listing copies.</summary>
    internal static IReadOnlyList<string> IndexKeys(Ticket t)
    {
        var order = (999_999_999_999 - t.Number).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
        List<string> keys = [$"n_{order}", $"s_{t.Status}_{order}"];
        if (t.Assignee is { } assignee)
        {
            var hash = AssigneeHash(assignee);
            keys.Add($"a_{hash}_{order}");
            keys.Add($"sa_{t.Status}_{hash}_{order}");
        }
        if (t is { SessionId: { } sessionId, ChatId: { } chatId }) keys.Add($"ch_{ConversationHash(sessionId, chatId)}_{order}");
        return keys;
    }

    /// <summary>Numbers and stores a new ticket: per attempt a point read of the counter and one transaction.</summary>
    public async Task<Ticket> CreateAsync(Ticket draft, CancellationToken cancellationToken)
    {
        await _createTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Optimistic.RetryAsync(async () =>
            {
                // Another instance may take this number first: the counter's ETag (or its insert) then loses, and the next try takes the next number.
                var counter = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, CounterKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                var ticket = draft with { Number = (counter.HasValue ? counter.Value!.GetInt64("Last") ?? 0 : 0) + 1 };
                var next = new TableEntity(Partition, CounterKey) { ["Last"] = ticket.Number };
                List<TableTransactionAction> actions =
                [
                    counter.HasValue
                        ? new(TableTransactionActionType.UpdateReplace, next, counter.Value!.ETag)
                        : new(TableTransactionActionType.Add, next),
                    new(TableTransactionActionType.Add, ticket.ToEntity(Partition, ticket.Id)),
                    .. IndexKeys(ticket).Select(key => new TableTransactionAction(TableTransactionActionType.Add, ticket.ToEntity(Partition, key))),
                ];
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return ticket;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally { _createTurn.Release(); }
    }

    /// <summary>One point read.</summary>
    public async Task<(Ticket Ticket, ETag ETag)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (Ticket.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>One transaction: the ticket (412 if changed since <paramref name="etag"/>), its copies replaced, moved ones deleted.</summary>
    public async Task UpdateAsync(Ticket before, Ticket after, ETag etag, CancellationToken cancellationToken)
    {
        var keep = IndexKeys(after);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, after.ToEntity(Partition, after.Id), etag),
            .. IndexKeys(before).Except(keep).Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, key))),
            .. keep.Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, after.ToEntity(Partition, key))),
        ];
        await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tickets opened from one conversation, newest first: one range scan of at most <paramref name="limit"/> rows.</summary>
    /// With <paramref name="match"/> (status, assignee) rows are checked one by one, at most <see cref="KeyRangeScan.DefaultBudget"/> a page.
    public async Task<(IReadOnlyList<Ticket> Tickets, string? Cursor)> ListForChatAsync(string sessionId, string chatId, int limit, string? cursor,
        CancellationToken cancellationToken, Func<Ticket, bool>? match = null)
    {
        var prefix = $"ch_{ConversationHash(sessionId, chatId)}_";
        var (rows, next) = await KeyRangeScan.PageAsync(Table, Partition, prefix, prefix[..^1] + "`", cursor, limit,
            match is null ? null : row => match(Ticket.FromEntity(row)), cancellationToken).ConfigureAwait(false);
        return (rows.Select(Ticket.FromEntity).ToList(), next);
    }

    /// <summary>A page of tickets, newest first: one range scan of at most <paramref name="limit"/> rows, whatever the filters.</summary>
    public async Task<(IReadOnlyList<Ticket> Tickets, string? Cursor)> ListAsync(string? status, string? assignee, int limit,
        string? cursor, CancellationToken cancellationToken)
    {
        var prefix = (status, assignee) switch
        {
            (null, null) => "n_",
            (_, null) => $"s_{status}_",
            (null, _) => $"a_{AssigneeHash(assignee)}_",
            _ => $"sa_{status}_{AssigneeHash(assignee)}_",
        };
        var (rows, next) = await KeyRangeScan.PageAsync(Table, Partition, prefix, prefix[..^1] + "`", cursor, limit, null, cancellationToken).ConfigureAwait(false);
        return (rows.Select(Ticket.FromEntity).ToList(), next);
    }
}
