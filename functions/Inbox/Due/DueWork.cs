using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WaFunctions.Agents;
using WaFunctions.Chats;
using WaFunctions.Inbox.Conversations;
using WaFunctions.Inbox.Routing;
using WaFunctions.Sessions;

namespace WaFunctions.Inbox.Due;

/// <summary>
/// Runs the <c>inbox-due</c> queue (<see cref="DueQueue"/>). Every job is safe to run twice: follow-ups and hand-overs go
/// through <see cref="ConversationService"/> under a cause of their own (the follow-up id, the agent's offline spell),
/// and a chat already handled is no longer in the index the job reads. Work on many chats is done a batch
/// (<see cref="Batch"/> per number) per run; a full batch sends the job again for the rest. Round trips per run: the
/// checks (agent, routing: point reads; team, numbers: bounded queries), one range scan per number and index, and one
/// conversation change per chat handed on.
/// </summary>
internal sealed class DueWork(DueQueue queue, ConversationService conversations, ChatStore chats, AgentStore agents, RoutingStore routing,
    SessionStore sessions, TimeProvider clock, ILogger<DueWork> logger)
{
    public const int Batch = 50;

    [Function("InboxDue")]
    public async Task RunAsync([QueueTrigger(DueQueue.QueueName)] string text, CancellationToken ct)
    {
        if (JsonSerializer.Deserialize<DueJob>(text, JsonSerializerOptions.Web) is not { } job)
        {
            logger.LogWarning("Dropped an inbox-due message that is not a job");
            return;
        }
        // Not due yet (a hop of a long wait, or a clock a little behind the queue's): wait on in the queue.
        if (job.DueAt is { } due && due > clock.GetUtcNow().ToUnixTimeSeconds())
        {
            await queue.SendAsync(job, ct).ConfigureAwait(false);
            return;
        }
        var more = job.Kind switch
        {
            DueJob.FollowUp => await FollowUpAsync(job, ct).ConfigureAwait(false),
            DueJob.Idle => await IdleAsync(job, ct).ConfigureAwait(false),
            DueJob.AgentRemoved => await AcrossNumbersAsync(job, $"x_{job.AgentId}_", AgentRemovedAsync, ct).ConfigureAwait(false),
            DueJob.TagRemoved => await AcrossNumbersAsync(job, $"t_{job.Id}_", TagRemovedAsync, ct).ConfigureAwait(false),
            _ => false,
        };
        if (more) await queue.SendAsync(job with { DueAt = null }, ct).ConfigureAwait(false);
    }

    private async Task<bool> FollowUpAsync(DueJob job, CancellationToken ct)
    {
        await conversations.FollowUpDueAsync(job.SessionId!, job.ChatId!, job.Id!, ct).ConfigureAwait(false);
        return false;
    }

    /// <summary>The agent is still offline since the same moment and the number still re-assigns: hand their open and pending conversations on.</summary>
    private async Task<bool> IdleAsync(DueJob job, CancellationToken ct)
    {
        if (await agents.GetAsync(job.AgentId!, ct).ConfigureAwait(false) is not var (agent, _)
            || agent.Status != Agent.Offline || agent.StatusSince.ToUnixTimeMilliseconds() != job.Since) return false;
        var settings = await routing.GetAsync(job.SessionId!, ct).ConfigureAwait(false);
        if (settings.IdleReassign is not { } idle) return false;
        var due = job.Since!.Value / 1000 + idle.AfterSeconds;
        if (due > clock.GetUtcNow().ToUnixTimeSeconds())
        {
            await queue.SendAsync(job with { DueAt = due }, ct).ConfigureAwait(false); // the idle time grew since it was scheduled
            return false;
        }
        var team = await agents.ListAsync(ct).ConfigureAwait(false);
        var more = false;
        foreach (var status in new[] { Chat.Open, Chat.Pending })
        {
            var ids = await chats.ChatIdsAsync(job.SessionId!, $"sx_{status}_{agent.Id}_", Batch, ct).ConfigureAwait(false);
            foreach (var chatId in ids)
                await conversations.HandOnAsync(job.SessionId!, chatId, agent.Id, $"idle_{agent.Id}_{job.Since}", "idle", all: false, settings, team, ct).ConfigureAwait(false);
            more |= ids.Count == Batch;
        }
        return more;
    }

    private async Task<bool> AcrossNumbersAsync(DueJob job, string prefix, Func<DueJob, string, string, CancellationToken, Task> handle, CancellationToken ct)
    {
        var more = false;
        foreach (var session in await sessions.ListAsync(ct).ConfigureAwait(false))
        {
            var ids = await chats.ChatIdsAsync(session.Id, prefix, Batch, ct).ConfigureAwait(false);
            foreach (var chatId in ids) await handle(job, session.Id, chatId, ct).ConfigureAwait(false);
            more |= ids.Count == Batch;
        }
        return more;
    }

    // One run's reads, made once: the team, and each number's routing.
    private IReadOnlyList<Agent>? _team;
    private readonly Dictionary<string, RoutingSettings> _routing = new(StringComparer.Ordinal);

    private async Task AgentRemovedAsync(DueJob job, string sessionId, string chatId, CancellationToken ct)
    {
        if (!_routing.TryGetValue(sessionId, out var settings)) _routing[sessionId] = settings = await routing.GetAsync(sessionId, ct).ConfigureAwait(false);
        _team ??= await agents.ListAsync(ct).ConfigureAwait(false);
        await conversations.HandOnAsync(sessionId, chatId, job.AgentId!, "removed_" + job.AgentId, "agent_removed", all: true, settings, _team, ct).ConfigureAwait(false);
    }

    private Task TagRemovedAsync(DueJob job, string sessionId, string chatId, CancellationToken ct) =>
        conversations.RemoveTagAsync(sessionId, chatId, job.Id!, ct);
}
