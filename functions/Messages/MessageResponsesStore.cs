using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>A person's reaction on a message (<see cref="Emoji"/> empty: taken back).</summary>
public sealed record StoredReaction(string From, string Emoji, long Timestamp, bool FromMe);

/// <summary>A person's latest vote on a poll (no options: withdrawn).</summary>
public sealed record StoredVote(string Voter, IReadOnlyList<string> Options, long Timestamp);

/// <summary>What people answered to one message: its reactions and, for a poll, the votes.</summary>
public sealed record MessageResponses(IReadOnlyList<StoredReaction> Reactions, IReadOnlyList<StoredVote> Votes)
{
    public static readonly MessageResponses None = new([], []);
}

/// <summary>
/// Table <c>messageresponses</c>: one partition per message (session id + "_" + encoded message id), one row per person
/// and kind: <c>r_</c> + encoded jid (their reaction) and <c>v_</c> + encoded jid (their vote). A reaction or vote
/// replaces that person's earlier one, so each event is one point read and one conditional write on its own row (no
/// contention between people), ordered by the engine's seq: an older event arriving late changes nothing. A taken-back
/// reaction or withdrawn vote stays as an empty row so an older one cannot come back. Rows may exist before their
/// message does (events race), and reading all of a message's answers is one range query (a group has at most about a
/// thousand members, so two kinds fit in three service pages).
/// </summary>
public sealed class MessageResponsesStore(StorageClients storage)
{
    public const string TableName = "messageresponses";
    private const int MaxPages = 3;

    private TableClient Table => storage.Table(TableName);

    public static string Partition(string sessionId, string messageId) => sessionId + "_" + TableKey.Encode(messageId);

    /// <summary>True when stored (false: a newer one of this person was there). Point read + conditional write.</summary>
    public Task<bool> ApplyReactionAsync(string sessionId, string messageId, StoredReaction reaction, long seq, CancellationToken ct) =>
        ApplyAsync(sessionId, messageId, "r_" + TableKey.Encode(reaction.From), seq, e =>
        {
            e["From"] = reaction.From; e["Emoji"] = reaction.Emoji; e["UnixTime"] = reaction.Timestamp; e["FromMe"] = reaction.FromMe;
        }, ct);

    /// <summary>True when stored (false: a newer vote of this person was there). Point read + conditional write.</summary>
    public Task<bool> ApplyVoteAsync(string sessionId, string pollId, StoredVote vote, long seq, CancellationToken ct) =>
        ApplyAsync(sessionId, pollId, "v_" + TableKey.Encode(vote.Voter), seq, e =>
        {
            e["From"] = vote.Voter; e["Options"] = JsonSerializer.Serialize(vote.Options); e["UnixTime"] = vote.Timestamp;
        }, ct);

    private Task<bool> ApplyAsync(string sessionId, string messageId, string rowKey, long seq, Action<TableEntity> fill, CancellationToken ct) =>
        Optimistic.RetryAsync(async () =>
        {
            var partition = Partition(sessionId, messageId);
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct).ConfigureAwait(false);
            if (current.HasValue && (current.Value!.GetInt64("Seq") ?? 0) >= seq) return (current.Value!.GetInt64("Seq") ?? 0) == seq;
            var row = new TableEntity(partition, rowKey) { ["Seq"] = seq };
            fill(row);
            if (current.HasValue) await Table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            else await Table.AddEntityAsync(row, ct).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>The message's current reactions (taken-back ones left out) and votes. One range query (up to three pages).</summary>
    public async Task<MessageResponses> GetAsync(string sessionId, string messageId, CancellationToken ct)
    {
        var (reactions, votes) = (new List<StoredReaction>(), new List<StoredVote>());
        var pages = 0;
        await foreach (var page in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(sessionId, messageId)}"),
                           1000, cancellationToken: ct).AsPages(null, 1000).ConfigureAwait(false))
        {
            foreach (var e in page.Values)
            {
                var from = e.GetString("From") ?? "";
                if (e.RowKey.StartsWith("r_", StringComparison.Ordinal) && e.GetString("Emoji") is { Length: > 0 } emoji)
                    reactions.Add(new StoredReaction(from, emoji, e.GetInt64("UnixTime") ?? 0, e.GetBoolean("FromMe") ?? false));
                else if (e.RowKey.StartsWith("v_", StringComparison.Ordinal))
                    votes.Add(new StoredVote(from, JsonSerializer.Deserialize<string[]>(e.GetString("Options") ?? "[]") ?? [], e.GetInt64("UnixTime") ?? 0));
            }
            if (++pages == MaxPages) break;
        }
        return new MessageResponses(reactions.OrderBy(r => r.Timestamp).ToList(), votes);
    }
}
