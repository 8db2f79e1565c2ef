using Azure.Data.Tables;

namespace WaFunctions.Agents;

/// <summary>
/// A person who answers conversations. <see cref="Role"/> is informational for clients (what a key may do is decided by
/// its scopes); <see cref="Status"/> decides routing: only <c>online</c> agents receive new conversations, and an agent
/// <c>offline</c> since <see cref="StatusSince"/> for longer than a number's idle time loses its open ones.
/// </summary>
public sealed record Agent(string Id, string Name, string? Email, string Role, string Status, DateTimeOffset StatusSince,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Online = "online", Away = "away", Offline = "offline";
    public static readonly IReadOnlyList<string> Roles = ["admin", "agent"];
    public static readonly IReadOnlyList<string> Statuses = [Online, Away, Offline];

    public bool IsOnline => Status == Online;

    internal TableEntity ToEntity() => new(AgentStore.Partition, Id)
    {
        ["Name"] = Name, ["Email"] = Email, ["Role"] = Role, ["Status"] = Status, ["StatusSince"] = StatusSince,
        ["CreatedAt"] = CreatedAt, ["UpdatedAt"] = UpdatedAt,
    };

    internal static Agent FromEntity(TableEntity e) => new(
        e.RowKey, e.GetString("Name") ?? "", e.GetString("Email"), e.GetString("Role") ?? "agent", e.GetString("Status") ?? Offline,
        e.GetDateTimeOffset("StatusSince") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>What the API shows of an agent: <c>{ id, name, email, role, status, statusSince, createdAt, updatedAt }</c>.</summary>
public sealed record AgentView(string Id, string Name, string? Email,
    [property: OpenApi.Choices(typeof(Agent), nameof(Agent.Roles))] string Role,
    [property: OpenApi.Choices(typeof(Agent), nameof(Agent.Statuses))] string Status,
    DateTimeOffset StatusSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : OpenApi.IHasExample
{
    public static AgentView Of(Agent a) => new(a.Id, a.Name, a.Email, a.Role, a.Status, a.StatusSince, a.CreatedAt, a.UpdatedAt);

    public static object Example => new AgentView("ag_k3v9q2m7xa", "Priya Nair", "priya@example.com", "agent", Agent.Online,
        new DateTimeOffset(2025, 6, 29, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 6, 29, 9, 0, 0, TimeSpan.Zero));
}
