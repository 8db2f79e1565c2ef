using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Agents;

/// <summary>The e-mail address already belongs to another agent.</summary>
public sealed class DuplicateAgentEmailException() : Exception("Another agent has this email.");

/// <summary>
/// The <c>agents</c> table, one partition (<see cref="Partition"/>): the agents (<c>ag_…</c>) and one row per e-mail
/// address (<c>e_</c> + its hash, holding the agent id), added and removed in the same transaction as the agent, so two
/// agents never share an address. A team has at most <see cref="MaxAgents"/> agents, so the whole team is one bounded
/// range scan.
/// </summary>
public sealed class AgentStore(StorageClients storage)
{
    public const string TableName = "agents";
    internal const string Partition = "agent";
    public const int MaxAgents = 500;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private TableClient Table => storage.Table(TableName);

    public static string NewId() => "ag_" + RandomNumberGenerator.GetString(IdAlphabet, 10);

    public static bool IsId(string? id) => id is { Length: 13 } && id.StartsWith("ag_", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept(IdAlphabet);

    private static string EmailKey(string email) => "e_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..32];

    /// <summary>One point read.</summary>
    public async Task<(Agent Agent, ETag ETag)?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (Agent.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Every agent, in id order: one range scan of at most <see cref="MaxAgents"/> rows (one round trip).</summary>
    public async Task<IReadOnlyList<Agent>> ListAsync(CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"ag_"} and RowKey lt {"ag`"}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, MaxAgents, cancellationToken: ct).AsPages(null, MaxAgents).ConfigureAwait(false))
            return page.Values.Select(Agent.FromEntity).ToList();
        return [];
    }

    /// <summary>One transaction: the agent and its e-mail row (409 <see cref="DuplicateAgentEmailException"/> when taken).</summary>
    public async Task CreateAsync(Agent agent, CancellationToken ct)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, agent.ToEntity())];
        if (agent.Email is { } email) actions.Add(new(TableTransactionActionType.Add, EmailRow(email, agent.Id)));
        try { await Table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false); }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 1) { throw new DuplicateAgentEmailException(); }
    }

    /// <summary>One transaction: the agent under <paramref name="etag"/> (412 when changed meanwhile) and its e-mail row moved.</summary>
    public async Task UpdateAsync(Agent before, Agent after, ETag etag, CancellationToken ct)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, after.ToEntity(), etag)];
        var emailChanged = !string.Equals(before.Email, after.Email, StringComparison.OrdinalIgnoreCase);
        if (emailChanged && before.Email is { } old) actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, EmailKey(old))));
        if (emailChanged && after.Email is { } email) actions.Add(new(TableTransactionActionType.Add, EmailRow(email, after.Id)));
        try { await Table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false); }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == actions.Count - 1 && emailChanged && after.Email is not null)
        {
            throw new DuplicateAgentEmailException();
        }
    }

    /// <summary>One transaction removing the agent (under <paramref name="etag"/>) and its e-mail row.</summary>
    public Task DeleteAsync(Agent agent, ETag etag, CancellationToken ct)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, new TableEntity(Partition, agent.Id), etag)];
        if (agent.Email is { } email) actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, EmailKey(email))));
        return Table.SubmitTransactionAsync(actions, ct);
    }

    private static TableEntity EmailRow(string email, string agentId) => new(Partition, EmailKey(email)) { ["AgentId"] = agentId };
}
