using WaFunctions.Errors;

namespace WaFunctions.Agents;

/// <summary>Only the name is required; role defaults to agent, status to offline.</summary>
internal sealed record CreateAgentRequest(string? Name, string? Email = null,
    [property: OpenApi.Choices(typeof(Agent), nameof(Agent.Roles))] string? Role = null,
    [property: OpenApi.Choices(typeof(Agent), nameof(Agent.Statuses))] string? Status = null);

/// <summary>A field left out keeps its value; <c>email: null</c> removes the address. Name, role and status cannot be cleared.</summary>
internal sealed record UpdateAgentRequest
{
    public Optional<string> Name { get; init; }
    public Optional<string> Email { get; init; }
    [OpenApi.Choices(typeof(Agent), nameof(Agent.Roles))]
    public Optional<string> Role { get; init; }
    [OpenApi.Choices(typeof(Agent), nameof(Agent.Statuses))]
    public Optional<string> Status { get; init; }
}

/// <summary>Validation and defaults of agent fields, shared by create and update. Pure.</summary>
internal static class AgentRules
{
    public const int MaxName = 100;

    public static Agent New(CreateAgentRequest body, string id, DateTimeOffset now) => new(
        id,
        Fields.Text(body.Name, "name", MaxName, required: true)!,
        Fields.Email(body.Email, "email"),
        Fields.OneOf(body.Role, "role", Agent.Roles) ?? "agent",
        Fields.OneOf(body.Status, "status", Agent.Statuses) ?? Agent.Offline,
        now, now, now);

    public static Agent Apply(Agent a, UpdateAgentRequest body, DateTimeOffset now)
    {
        var status = body.Status.OrKeep(a.Status, "status", v => Fields.OneOf(v, "status", Agent.Statuses)!);
        return a with
        {
            Name = body.Name.OrKeep(a.Name, "name", v => Fields.Text(v, "name", MaxName, required: true)!),
            Email = body.Email.Or(a.Email, v => Fields.Email(v, "email")),
            Role = body.Role.OrKeep(a.Role, "role", v => Fields.OneOf(v, "role", Agent.Roles)!),
            Status = status,
            StatusSince = status == a.Status ? a.StatusSince : now,
            UpdatedAt = now,
        };
    }
}
