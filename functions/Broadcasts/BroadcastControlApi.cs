using Azure;
using WaFunctions.Auth;
using WaFunctions.Broadcasts.Tick;
using WaFunctions.Errors;
using WaFunctions.Hosting;

namespace WaFunctions.Broadcasts;

/// <summary>
/// <c>POST /broadcasts/{id}/pause|resume|cancel</c> (scope <c>broadcasts:write</c>). Each is one conditional write of the
/// state (retried on an ETag race), so a tick that read the state before can no longer claim a recipient: after the
/// answer, only a recipient already claimed (counted in <c>progress.processed</c>) can still go out. Pausing or
/// resuming twice is harmless (200 with the state); a finished broadcast answers 409 <c>broadcast_finished</c>.
/// </summary>
internal static class BroadcastControlApi
{
    public static IReadOnlyList<HttpFunction> Functions { get; } =
    [
        new("PauseBroadcast", "v1/broadcasts/{id}/pause", "POST", Scopes.BroadcastsWrite, PauseAsync),
        new("ResumeBroadcast", "v1/broadcasts/{id}/resume", "POST", Scopes.BroadcastsWrite, ResumeAsync),
        new("CancelBroadcast", "v1/broadcasts/{id}/cancel", "POST", Scopes.BroadcastsWrite, CancelAsync),
    ];

    /// <summary>Point read + conditional write (+ the outbox).</summary>
    internal static Task<IResult> PauseAsync(string id, BroadcastStore store, BroadcastEvents events, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, store, ct, b => b.Status == BroadcastStatus.Paused ? null
            : b with { Status = BroadcastStatus.Paused, Reason = "requested", ReasonDetail = null, Events = b.Events + 1, UpdatedAt = clock.GetUtcNow() },
            (b, c) => events.PausedAsync(b, null, c));

    /// <summary>Point read, one queue send (the new live tick), conditional write.</summary>
    internal static async Task<IResult> ResumeAsync(string id, BroadcastStore store, BroadcastTicks ticks, TimeProvider clock, CancellationToken ct)
    {
        string? tick = null;
        return await ChangeAsync(id, store, ct, b =>
        {
            if (b.Status != BroadcastStatus.Paused) return null;
            return b with
            {
                Status = b.StartedAt is null ? BroadcastStatus.Queued : BroadcastStatus.Running, Reason = null, ReasonDetail = null,
                Tick = tick, UpdatedAt = clock.GetUtcNow(),
            };
        }, null, async b => tick ??= b.Status == BroadcastStatus.Paused ? await ticks.SendAsync(id, TimeSpan.Zero, ct) : null);
    }

    /// <summary>Point read + conditional write. Recipients not yet taken stay <c>pending</c> for good.</summary>
    internal static Task<IResult> CancelAsync(string id, BroadcastStore store, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, store, ct, b => b.Status == BroadcastStatus.Cancelled ? null
            : b with { Status = BroadcastStatus.Cancelled, Reason = "requested", ReasonDetail = null, FinishedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() },
            null, allowFinal: BroadcastStatus.Cancelled);

    private static async Task<IResult> ChangeAsync(string id, BroadcastStore store, CancellationToken ct, Func<Broadcast, Broadcast?> change,
        Func<Broadcast, CancellationToken, Task>? after, Func<Broadcast, Task>? before = null, string? allowFinal = null)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await store.GetAsync(id, ct) is not var (b, etag)) return ApiError.NotFound($"No broadcast '{id}'.");
            if (BroadcastStatus.IsFinal(b.Status) && b.Status != allowFinal)
                return ApiError.Conflict("broadcast_finished", $"The broadcast is {b.Status}; it cannot change any more.");
            if (before is not null) await before(b);
            if (change(b) is not { } changed) return Results.Json(new { data = b.View() });
            try { await store.ReplaceAsync(changed, etag, ct); }
            catch (RequestFailedException e) when (e.Status is 412) { continue; }
            if (after is not null) await after(changed, ct);
            return Results.Json(new { data = changed.View() });
        }
        return ApiError.Conflict("broadcast_busy", "The broadcast is changing too fast; retry.");
    }
}
