using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Inbox.Due;
using WaFunctions.OpenApi;
using WaFunctions.Storage;

namespace WaFunctions.Agents;

/// <summary>
/// The team (scopes <c>agents:read</c> / <c>agents:write</c>). Storage round trips: list 1 (the whole team, at most
/// <see cref="AgentStore.MaxAgents"/> rows), get 1, create 2 (team size check + transaction), update 2 (read +
/// transaction; again on a concurrent change), delete 2. An agent going offline schedules the idle re-assignment check
/// of each number that has one (one bounded query of the routing settings + one queue send per such number); a deleted
/// agent's conversations are handed on in the background (one queue send).
/// </summary>
internal static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgents(this IEndpointRouteBuilder api)
    {
        api.MapGet("/agents", ListAsync).WithName("ListAgents")
            .WithSummary("List agents")
            .WithDescription($"Every agent of the team (at most {AgentStore.MaxAgents}), in id order; `status` keeps those online, away or offline.")
            .Returns<IReadOnlyList<AgentView>>()
            .WithQuery(Status)
            .RequireScope(Scopes.AgentsRead);
        api.MapPost("/agents", CreateAsync).WithName("CreateAgent")
            .WithSummary("Create an agent")
            .WithDescription("`name` is required; `role` is admin or agent (default agent), `status` online, away or offline (default offline). An email may belong to one agent only.")
            .Returns<AgentView>(StatusCodes.Status201Created)
            .Fails(409, "duplicate_email", "Another agent already has this email.")
            .Fails(409, "limit_reached", $"The team already has {AgentStore.MaxAgents} agents; delete one first.")
            .RequireScope(Scopes.AgentsWrite);
        api.MapGet("/agents/{id}", GetAsync).WithName("GetAgent")
            .WithSummary("Get an agent")
            .WithDescription("One agent by id.")
            .Returns<AgentView>()
            .RequireScope(Scopes.AgentsRead);
        api.MapPatch("/agents/{id}", UpdateAsync).WithName("UpdateAgent")
            .WithSummary("Update an agent")
            .WithDescription("A partial update: a field left out keeps its value; `email: null` removes the address; name, role and status cannot be cleared. Going offline starts the idle clock of the numbers that re-assign conversations of idle agents.")
            .Returns<AgentView>()
            .Fails(409, "duplicate_email", "Another agent already has the new email.")
            .RequireScope(Scopes.AgentsWrite);
        api.MapDelete("/agents/{id}", DeleteAsync).WithName("DeleteAgent")
            .WithSummary("Delete an agent")
            .WithDescription("Its open and pending conversations go to another online agent (round robin), or back to unassigned; its resolved and closed ones lose their assignee. This happens in the background, within seconds.")
            .ReturnsNothing()
            .RequireScope(Scopes.AgentsWrite);
        return api;
    }

    private static readonly ChoiceQuery Status = new("status", Agent.Statuses, "Only agents with this status.");

    internal static async Task<IResult> ListAsync(HttpRequest request, AgentStore agents, CancellationToken ct)
    {
        var status = Status.Read(request);
        var all = await agents.ListAsync(ct);
        return Answer.Data<IReadOnlyList<AgentView>>([.. all.Where(a => status is null || a.Status == status).Select(AgentView.Of)]);
    }

    internal static async Task<IResult> CreateAsync(CreateAgentRequest body, AgentStore agents, TimeProvider clock, CancellationToken ct)
    {
        var agent = AgentRules.New(body, AgentStore.NewId(), clock.GetUtcNow());
        if ((await agents.ListAsync(ct)).Count >= AgentStore.MaxAgents)
            return ApiError.Conflict("limit_reached", $"A team has at most {AgentStore.MaxAgents} agents; delete one first.");
        try { await agents.CreateAsync(agent, ct); }
        catch (DuplicateAgentEmailException) { return DuplicateEmail(); }
        return Answer.Data(AgentView.Of(agent), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> GetAsync(string id, AgentStore agents, CancellationToken ct) =>
        await agents.GetAsync(id, ct) is var (agent, _) ? Answer.Data(AgentView.Of(agent)) : NotFound(id);

    internal static async Task<IResult> UpdateAsync(string id, UpdateAgentRequest body, AgentStore agents, DueQueue due, TimeProvider clock, CancellationToken ct)
    {
        (Agent Before, Agent After)? change;
        try
        {
            change = await Optimistic.RetryAsync(async () =>
            {
                if (await agents.GetAsync(id, ct) is not var (before, etag)) return null;
                var after = AgentRules.Apply(before, body, clock.GetUtcNow());
                await agents.UpdateAsync(before, after, etag, ct);
                return ((Agent, Agent)?)(before, after);
            }, ct);
        }
        catch (DuplicateAgentEmailException) { return DuplicateEmail(); }
        if (change is not var (was, agent)) return NotFound(id);
        if (agent.Status == Agent.Offline && was.Status != Agent.Offline) await due.ScheduleIdleChecksAsync(agent, ct);
        return Answer.Data(AgentView.Of(agent));
    }

    internal static async Task<IResult> DeleteAsync(string id, AgentStore agents, DueQueue due, CancellationToken ct)
    {
        var deleted = await Optimistic.RetryAsync(async () =>
        {
            if (await agents.GetAsync(id, ct) is not var (agent, etag)) return false;
            await agents.DeleteAsync(agent, etag, ct);
            return true;
        }, ct);
        if (!deleted) return NotFound(id);
        await due.ScheduleAgentRemovedAsync(id, ct);
        return Results.NoContent();
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No agent '{id}'.");

    private static IResult DuplicateEmail() => ApiError.Conflict("duplicate_email", "Another agent already has this email.");
}
