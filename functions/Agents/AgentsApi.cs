using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Inbox.Due;
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
        api.MapGet("/agents", ListAsync).WithName("ListAgents").RequireScope(Scopes.AgentsRead)
            .WithSummary("List agents").WithDescription("Every agent of the team, in id order; `status` filters by online, away or offline.")
            .Produces<AgentList>();
        api.MapPost("/agents", CreateAsync).WithName("CreateAgent").RequireScope(Scopes.AgentsWrite)
            .WithSummary("Create an agent").WithDescription("`name` is required; `role` is admin or agent (default agent), `status` online, away or offline (default offline). An email may belong to one agent only (409 duplicate_email).")
            .Produces<AgentEnvelope>(StatusCodes.Status201Created);
        api.MapGet("/agents/{id}", GetAsync).WithName("GetAgent").RequireScope(Scopes.AgentsRead)
            .WithSummary("Get an agent").Produces<AgentEnvelope>();
        api.MapPatch("/agents/{id}", UpdateAsync).WithName("UpdateAgent").RequireScope(Scopes.AgentsWrite)
            .WithSummary("Update an agent")
            .WithDescription("Any subset of name, email (null removes it), role and status. Going offline starts the idle clock of the numbers that re-assign conversations of idle agents.")
            .Produces<AgentEnvelope>();
        api.MapDelete("/agents/{id}", DeleteAsync).WithName("DeleteAgent").RequireScope(Scopes.AgentsWrite)
            .WithSummary("Delete an agent")
            .WithDescription("Its open and pending conversations go to another online agent (round robin), or back to unassigned; its resolved and closed ones lose their assignee. This happens in the background, within seconds.")
            .Produces(StatusCodes.Status204NoContent);
        return api;
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, AgentStore agents, CancellationToken ct)
    {
        var status = Query.OneOf(request, "status", Agent.Statuses);
        var all = await agents.ListAsync(ct);
        return Results.Json(new AgentList([.. all.Where(a => status is null || a.Status == status).Select(AgentView.Of)]));
    }

    internal static async Task<IResult> CreateAsync(CreateAgentRequest body, AgentStore agents, TimeProvider clock, CancellationToken ct)
    {
        var agent = AgentRules.New(body, AgentStore.NewId(), clock.GetUtcNow());
        if ((await agents.ListAsync(ct)).Count >= AgentStore.MaxAgents)
            return ApiError.Conflict("limit_reached", $"A team has at most {AgentStore.MaxAgents} agents; delete one first.");
        try { await agents.CreateAsync(agent, ct); }
        catch (DuplicateAgentEmailException) { return DuplicateEmail(); }
        return Results.Json(new AgentEnvelope(AgentView.Of(agent)), statusCode: StatusCodes.Status201Created);
    }

    internal static async Task<IResult> GetAsync(string id, AgentStore agents, CancellationToken ct) =>
        await agents.GetAsync(id, ct) is var (agent, _) ? Results.Json(new AgentEnvelope(AgentView.Of(agent))) : NotFound(id);

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
        return Results.Json(new AgentEnvelope(AgentView.Of(agent)));
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
