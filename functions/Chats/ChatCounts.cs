using System.Text.Json;
using Azure.Data.Tables;

namespace WaFunctions.Chats;

/// <summary>
/// How many chats a session has by status, by assignee and status (<c>-</c>: unassigned), and with unread messages:
/// what the inbox tabs show. Kept in <see cref="Shards"/> rows per session (<c>k_0</c>…), each changed in the same
/// transaction as the chats hashed to it (<see cref="ChatStore.ShardOf"/>), so the counts always agree with the chat rows
/// and chats of different shards do not contend for one row. Reading them is one range scan of the shard rows.
/// </summary>
public sealed class ChatCounts
{
    public const int Shards = 4;
    public const string RowPrefix = "k_";

    public Dictionary<string, int> Status { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, int>> Agents { get; set; } = new(StringComparer.Ordinal);
    public int Unread { get; set; }

    public static string RowKey(int shard) => RowPrefix + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether a change from <paramref name="before"/> to <paramref name="after"/> moves any count.</summary>
    public static bool Differ(Chat? before, Chat after) =>
        before is null || before.Status != after.Status || before.AssigneeKey != after.AssigneeKey || (before.UnreadCount > 0) != (after.UnreadCount > 0);

    /// <summary>Adds (<paramref name="sign"/> 1) or removes (−1) what one chat contributes.</summary>
    public ChatCounts Add(Chat c, int sign)
    {
        Status[c.Status] = Status.GetValueOrDefault(c.Status) + sign;
        if (!Agents.TryGetValue(c.AssigneeKey, out var agent)) Agents[c.AssigneeKey] = agent = new(StringComparer.Ordinal);
        agent[c.Status] = agent.GetValueOrDefault(c.Status) + sign;
        if (c.UnreadCount > 0) Unread += sign;
        return this;
    }

    public ChatCounts Plus(ChatCounts other)
    {
        foreach (var (status, n) in other.Status) Status[status] = Status.GetValueOrDefault(status) + n;
        foreach (var (agentKey, byStatus) in other.Agents)
        {
            if (!Agents.TryGetValue(agentKey, out var agent)) Agents[agentKey] = agent = new(StringComparer.Ordinal);
            foreach (var (status, n) in byStatus) agent[status] = agent.GetValueOrDefault(status) + n;
        }
        Unread += other.Unread;
        return this;
    }

    /// <summary>Drops zero entries (an agent whose chats all moved on), so the row does not grow forever.</summary>
    private ChatCounts Compact()
    {
        foreach (var key in Status.Where(p => p.Value == 0).Select(p => p.Key).ToList()) Status.Remove(key);
        foreach (var (agentKey, byStatus) in Agents.ToList())
        {
            foreach (var key in byStatus.Where(p => p.Value == 0).Select(p => p.Key).ToList()) byStatus.Remove(key);
            if (byStatus.Count == 0) Agents.Remove(agentKey);
        }
        return this;
    }

    internal static ChatCounts FromEntity(TableEntity? e) =>
        e?.GetString("Counts") is { } json ? JsonSerializer.Deserialize<ChatCounts>(json, JsonSerializerOptions.Web) ?? new() : new();

    internal TableEntity ToEntity(string sessionId, int shard) =>
        new(sessionId, RowKey(shard)) { ["Counts"] = JsonSerializer.Serialize(Compact(), JsonSerializerOptions.Web) };
}
