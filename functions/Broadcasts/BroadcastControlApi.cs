using WaFunctions.Api;
using WaFunctions.Auth;
using Microsoft.DurableTask.Client;
using WaFunctions.Broadcasts.Run;
using WaFunctions.Storage;
using WaFunctions.Errors;
using WaFunctions.OpenApi;

namespace WaFunctions.Broadcasts;

/// <summary>
/// <c>POST /broadcasts/{id}/pause|resume|cancel</c> (scope <c>broadcasts:write</c>). Each is one conditional write of the
/// state (again on a lost race), then the matching call on the broadcast's orchestration: suspend, resume, terminate.
/// The next step reads the state, so after the answer no new recipient is taken; a send already under way completes
/// and is counted. Pausing or resuming twice is harmless (200 with the state); a finished broadcast answers 409
/// <c>broadcast_finished</c>.
/// </summary>
internal static class BroadcastControlApi
{
    public static IEndpointRouteBuilder MapBroadcastControl(this IEndpointRouteBuilder api)
    {
        Control(api.MapPost("/broadcasts/{id}/pause", PauseAsync).WithName("PauseBroadcast"), "Pause a broadcast",
            "No new recipient is taken after the answer; a send already under way completes and is counted. Pausing twice is harmless.");
        Control(api.MapPost("/broadcasts/{id}/resume", ResumeAsync).WithName("ResumeBroadcast"), "Resume a broadcast",
            "Sending continues at once, within the number's pacing. Resuming a broadcast that is not paused is harmless.");
        Control(api.MapPost("/broadcasts/{id}/cancel", CancelAsync).WithName("CancelBroadcast"), "Cancel a broadcast",
            "Stops the broadcast for good; recipients not yet taken stay pending.");
        return api;
    }

    private static void Control(RouteHandlerBuilder endpoint, string summary, string description) => endpoint
        .WithSummary(summary)
        .WithDescription(description + " Answers the broadcast as it is now.")
        .Returns<BroadcastView>()
        .Fails(409, "broadcast_finished", "The broadcast has completed, failed or been cancelled; it cannot change any more.")
        .RequireScope(Scopes.BroadcastsWrite);

    /// <summary>Point read + conditional write (+ the outbox), then the orchestration is suspended.</summary>
    internal static async Task<IResult> PauseAsync(string id, BroadcastStore store, BroadcastEvents events, DurableTaskClient durable,
        TimeProvider clock, CancellationToken ct)
    {
        var (result, changed) = await ChangeAsync(id, store, ct, b => b.Status == BroadcastStatus.Paused ? null
            : b with { Status = BroadcastStatus.Paused, Reason = "requested", ReasonDetail = null, Events = b.Events + 1, UpdatedAt = clock.GetUtcNow() });
        if (changed is not null)
        {
            await events.PausedAsync(changed, null, ct);
            await Instance(() => durable.SuspendInstanceAsync(id, "paused through the API", ct));
        }
        return result;
    }

    /// <summary>Point read + conditional write, then the orchestration is resumed and woken (its wait ends now).</summary>
    internal static async Task<IResult> ResumeAsync(string id, BroadcastStore store, DurableTaskClient durable, TimeProvider clock, CancellationToken ct)
    {
        var (result, changed) = await ChangeAsync(id, store, ct, b => b.Status != BroadcastStatus.Paused ? null
            : b with { Status = b.StartedAt is null ? BroadcastStatus.Queued : BroadcastStatus.Running, Reason = null, ReasonDetail = null, UpdatedAt = clock.GetUtcNow() });
        if (changed is not null)
        {
            await Instance(() => durable.ResumeInstanceAsync(id, "resumed through the API", ct));
            await BroadcastOrchestrator.WakeAsync(durable, id, ct);
        }
        return result;
    }

    /// <summary>Point read + conditional write, then the orchestration is terminated. Recipients not yet taken stay <c>pending</c> for good.</summary>
    internal static async Task<IResult> CancelAsync(string id, BroadcastStore store, DurableTaskClient durable, TimeProvider clock, CancellationToken ct)
    {
        var (result, changed) = await ChangeAsync(id, store, ct, b => b.Status == BroadcastStatus.Cancelled ? null
            : b with { Status = BroadcastStatus.Cancelled, Reason = "requested", ReasonDetail = null, FinishedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() },
            allowFinal: BroadcastStatus.Cancelled);
        if (changed is not null) await Instance(() => durable.TerminateInstanceAsync(id, "cancelled through the API", ct));
        return result;
    }

    /// <summary>
    /// The state row is the truth and is already written: an orchestration that has just finished, or is not there, needs
    /// no suspending or terminating (the next step reads the state and stops).
    /// </summary>
    private static async Task Instance(Func<Task> control)
    {
        try { await control(); }
        catch (Exception e) when (e is InvalidOperationException or Azure.RequestFailedException or Grpc.Core.RpcException) { }
    }

    /// <summary>Read and conditional write, again on a lost race. The answer, and the written state when it changed.</summary>
    private static async Task<(IResult Result, Broadcast? Changed)> ChangeAsync(string id, BroadcastStore store, CancellationToken ct,
        Func<Broadcast, Broadcast?> change, string? allowFinal = null)
    {
        IResult? refused = null;
        Broadcast? current = null;
        var changed = await Optimistic.RetryAsync(async () =>
        {
            refused = null;
            if (await store.GetAsync(id, ct) is not var (b, etag)) { refused = ApiError.NotFound($"No broadcast '{id}'."); return null; }
            current = b;
            if (BroadcastStatus.IsFinal(b.Status) && b.Status != allowFinal)
            {
                refused = ApiError.Conflict("broadcast_finished", $"The broadcast is {b.Status}; it cannot change any more.");
                return null;
            }
            if (change(b) is not { } next) return null;
            await store.ReplaceAsync(next, etag, ct);
            return next;
        }, ct);
        return (refused ?? Answer.Data((changed ?? current)!.View()), changed);
    }
}
