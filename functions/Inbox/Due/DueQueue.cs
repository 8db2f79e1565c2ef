using System.Security.Cryptography;
using System.Text.Json;
using WaFunctions.Agents;
using WaFunctions.Chats;
using WaFunctions.Inbox.Routing;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.Due;

/// <summary>
/// Work for later, as a message on the <c>inbox-due</c> queue that stays invisible until it is due (as webhook retries
/// do): a follow-up at its time, an offline agent's idle check when the idle time has passed, the hand-over of a deleted
/// agent's conversations and the removal of a deleted tag at once. No timer polls for it and nothing is scanned to find
/// it; the handler (<see cref="DueWork"/>) checks that the work is still wanted when it runs, so a cancelled follow-up or
/// an agent back online costs one read. A queue message waits at most 6 days: later work hops (is sent again for the rest).
/// </summary>
public sealed class DueQueue(StorageClients storage, RoutingStore routing, TimeProvider clock)
{
    public const string QueueName = "inbox-due";
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(6);

    public static string NewFollowUpId() => "fu_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);

    /// <summary>One queue send.</summary>
    public Task ScheduleFollowUpAsync(string sessionId, string chatId, FollowUp followUp, CancellationToken ct) =>
        SendAsync(new DueJob(DueJob.FollowUp, sessionId, ChatId: chatId, Id: followUp.Id, DueAt: followUp.At), ct);

    /// <summary>For each number that re-assigns idle agents' conversations, a check when its idle time has passed: one bounded query and one queue send each.</summary>
    public async Task ScheduleIdleChecksAsync(Agent agent, CancellationToken ct)
    {
        var since = agent.StatusSince.ToUnixTimeMilliseconds();
        foreach (var (sessionId, settings) in await routing.ListAsync(ct).ConfigureAwait(false))
            if (settings.IdleReassign is { } idle)
                await SendAsync(new DueJob(DueJob.Idle, sessionId, AgentId: agent.Id, Since: since, DueAt: since / 1000 + idle.AfterSeconds), ct).ConfigureAwait(false);
    }

    /// <summary>One queue send: the deleted agent's conversations are handed on at once.</summary>
    public Task ScheduleAgentRemovedAsync(string agentId, CancellationToken ct) => SendAsync(new DueJob(DueJob.AgentRemoved, AgentId: agentId), ct);

    /// <summary>One queue send: the deleted tag is taken off its chats at once.</summary>
    public Task ScheduleTagRemovedAsync(string tagId, CancellationToken ct) => SendAsync(new DueJob(DueJob.TagRemoved, Id: tagId), ct);

    /// <summary>One queue send, invisible until <see cref="DueJob.DueAt"/> (at most 6 days; whole seconds, rounded up, so never early).</summary>
    internal Task SendAsync(DueJob job, CancellationToken ct)
    {
        var wait = job.DueAt is { } due ? DateTimeOffset.FromUnixTimeSeconds(due) - clock.GetUtcNow() : TimeSpan.Zero;
        TimeSpan? visibility = wait > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Ceiling(Math.Min(wait.TotalSeconds, MaxWait.TotalSeconds))) : null;
        return storage.Queue(QueueName).SendMessageAsync(JsonSerializer.Serialize(job, JsonSerializerOptions.Web), visibility, cancellationToken: ct);
    }
}

/// <summary>
/// One piece of due work. <see cref="Since"/>: when the agent went offline (unix ms; the idle check applies only if it is
/// still that offline spell); <see cref="DueAt"/>: unix seconds.
/// </summary>
public sealed record DueJob(string Kind, string? SessionId = null, string? ChatId = null, string? Id = null, string? AgentId = null,
    long? Since = null, long? DueAt = null)
{
    public const string FollowUp = "follow_up", Idle = "idle", AgentRemoved = "agent_removed", TagRemoved = "tag_removed";
}
