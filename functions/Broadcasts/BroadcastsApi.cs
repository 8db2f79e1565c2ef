using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Broadcasts.Pacing;
using Microsoft.DurableTask.Client;
using WaFunctions.Broadcasts.Run;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Broadcasts;

/// <summary>
/// Broadcasts: create (scope <c>broadcasts:write</c>, exactly the seed's request and 201 answer, plus optional
/// <c>scheduledAt</c>), list newest first, read one with progress and its recipients (scope <c>broadcasts:read</c>).
/// Pause, resume and cancel are in <see cref="BroadcastControlApi"/>.
/// </summary>
internal static class BroadcastsApi
{
    public static IEndpointRouteBuilder MapBroadcasts(this IEndpointRouteBuilder api)
    {
        api.MapPost("/broadcasts", CreateAsync).WithName("CreateBroadcast")
            .WithSummary("Create and queue a broadcast")
            .WithDescription("Creates a broadcast to 1–5000 recipients and queues it at once (or at scheduledAt). It sends one recipient at a time, paced by the number's pacing (random delays, daily cap, quiet hours, warm-up) so the number is not banned; recipients on the opt-out list are skipped, duplicates removed. " +
                "broadcasts:write is a separate scope because broadcasts carry the highest ban risk: grant it only to keys that need it, and broadcast only to opted-in recipients.")
            .Returns<BroadcastView>(StatusCodes.Status201Created)
            .RequireScope(Scopes.BroadcastsWrite);
        api.MapGet("/broadcasts", ListAsync).WithName("ListBroadcasts")
            .WithSummary("List broadcasts")
            .WithDescription("Broadcasts, newest first, optionally of one status or number. A page filtered by status may hold fewer than limit items: follow nextCursor until it is null.")
            .ReturnsPage<BroadcastView>()
            .WithQuery(Status, SessionId, Limit, Paging.Cursor)
            .RequireScope(Scopes.BroadcastsRead);
        api.MapGet("/broadcasts/{id}", GetAsync).WithName("GetBroadcast")
            .WithSummary("Get a broadcast and its progress")
            .WithDescription("One broadcast with its progress by recipient status, why it waits (quiet hours, daily cap, number not ready), when it sends next and when it is expected to finish.")
            .Returns<BroadcastView>()
            .RequireScope(Scopes.BroadcastsRead);
        api.MapGet("/broadcasts/{id}/recipients", RecipientsAsync).WithName("ListBroadcastRecipients")
            .WithSummary("List a broadcast's recipients")
            .WithDescription("Recipients in list order with their status, failure reason and message id; optionally only those of one status.")
            .ReturnsPage<RecipientView>()
            .WithQuery(RecipientStatusFilter, RecipientLimit, RecipientCursor)
            .RequireScope(Scopes.BroadcastsRead);
        api.MapBroadcastControl();
        return api;
    }

    private static readonly ChoiceQuery Status = new("status", BroadcastStatus.All, "Only broadcasts in this status.");
    private static readonly TextQuery SessionId = new("sessionId", 32, "Only broadcasts sent from this number (session id).");
    private static readonly NumberQuery Limit = Paging.Limit(20, 50);
    internal static readonly ChoiceQuery RecipientStatusFilter = new("status", RecipientStatus.Filterable, "Only recipients in this status.");
    private static readonly NumberQuery RecipientLimit = Paging.Limit(100, 500);
    private static readonly TextQuery RecipientCursor = new("cursor", 10, "The nextCursor of the previous page; leave out for the first page.");

    /// <summary>Name, sessionId, message and recipients are required; without scheduledAt it starts at once.</summary>
    internal sealed record CreateBroadcastRequest(string? Name, string? SessionId, string? Message,
        IReadOnlyList<BroadcastRules.RecipientInput?>? Recipients, DateTimeOffset? ScheduledAt = null);

    /// <summary>
    /// One point read (session); recipients in transactions of 100 (⌈n/100⌉, 4 at a time); the index row; the state
    /// row; then its orchestration is scheduled (instance id = broadcast id). A crash between the state row and the
    /// schedule leaves a queued broadcast that never starts (the client saw no 201; cancel it).
    /// </summary>
    internal static async Task<IResult> CreateAsync(CreateBroadcastRequest body, SessionStore sessions, BroadcastStore store,
        DurableTaskClient durable, TimeProvider clock, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name)) throw new InvalidInputException("Field 'name' is required.");
        if (name.Length > BroadcastRules.MaxNameLength) throw new InvalidInputException($"Field 'name' is longer than {BroadcastRules.MaxNameLength} characters.");
        if (string.IsNullOrWhiteSpace(body.SessionId)) throw new InvalidInputException("Field 'sessionId' is required.");
        if (string.IsNullOrWhiteSpace(body.Message)) throw new InvalidInputException("Field 'message' is required.");
        if (body.Message.Length > Messages.MessagesApi.MaxTextLength)
            throw new InvalidInputException($"Field 'message' is longer than {Messages.MessagesApi.MaxTextLength} characters.");
        var (recipients, duplicates) = BroadcastRules.Normalize(body.Recipients);
        var now = clock.GetUtcNow();
        if (body.ScheduledAt is { } at && at > now.AddDays(365)) throw new InvalidInputException("Field 'scheduledAt' must be within a year.");
        var sessionId = body.SessionId.Trim();
        if (await sessions.GetAsync(sessionId, ct) is null) throw new InvalidInputException($"Field 'sessionId': no session '{sessionId}'.");

        var id = BroadcastRules.NewId();
        var scheduled = body.ScheduledAt > now ? body.ScheduledAt : null;
        var rows = recipients.Select((r, i) => new BroadcastRecipient(id, i, r.ChatId, r.Name, RecipientStatus.Pending, 0, null, null, null)).ToList();
        var broadcast = new Broadcast(id, name, sessionId, body.Message, BroadcastStatus.Queued, null, null, rows.Count, duplicates, 0, 0,
            scheduled ?? now, scheduled, Counts.Zero, 0, now, now, null, null);
        await store.CreateAsync(broadcast, rows, ct);
        await BroadcastOrchestrator.StartAsync(durable, id, ct);
        return Answer.Data(broadcast.View(), StatusCodes.Status201Created);
    }

    /// <summary>
    /// One range query of the index (more when filtered by <c>sessionId</c>, see <see cref="BroadcastStore.ListAsync"/>),
    /// then one point read per broadcast on the page (in parallel). <c>status</c> is applied to those states, so a page
    /// filtered by status may hold fewer than <c>limit</c> items: follow <c>nextCursor</c> until it is null.
    /// </summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, BroadcastStore store, CancellationToken ct)
    {
        var limit = Limit.Read(request);
        var status = Status.Read(request);
        var sessionId = SessionId.Read(request);
        var (rows, next) = await store.ListAsync(Paging.Cursor.Read(request), limit, sessionId, ct);
        var items = await Task.WhenAll(rows.Select(r => store.GetAsync(r.GetString("BroadcastId") ?? "", ct)));
        var shown = items.OfType<(Broadcast Broadcast, Azure.ETag ETag)>().Select(i => i.Broadcast)
            .Where(b => (status is null || b.Status == status) && (sessionId is null || b.SessionId == sessionId));
        return Answer.Page(shown.Select(b => b.View()), next);
    }

    /// <summary>Point reads: state, pacing, the day's send count (for the estimate).</summary>
    internal static async Task<IResult> GetAsync(string id, BroadcastStore store, PacingStore pacing, Messages.SendCapStore caps,
        TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (b, _)) return ApiError.NotFound($"No broadcast '{id}'.");
        DateTimeOffset? estimate = null;
        if (!BroadcastStatus.IsFinal(b.Status) && b.Pending > 0)
        {
            var p = await pacing.GetAsync(b.SessionId, ct);
            var now = clock.GetUtcNow();
            var sentToday = await caps.CountAsync(b.SessionId, PacingMath.DayKey(now, PacingMath.Zone(p.TimeZone)), ct);
            estimate = Estimate.FinishAt(b, p, now, sentToday);
        }
        return Answer.Data(b.View(estimate));
    }

    /// <summary>One point read (the broadcast exists) and one filtered range query over its recipients (≤ 5000 rows).</summary>
    internal static async Task<IResult> RecipientsAsync(string id, HttpRequest request, BroadcastStore store, CancellationToken ct)
    {
        var status = RecipientStatusFilter.Read(request);
        var limit = RecipientLimit.Read(request);
        var cursor = RecipientCursor.Read(request);
        if (cursor is not null && (cursor.Length != 5 || cursor[0] != 'r' || !cursor.AsSpan(1).ToString().All(char.IsAsciiDigit)))
            throw new InvalidInputException("Query parameter 'cursor' is not a cursor this API returned.");
        if (await store.GetAsync(id, ct) is null) return ApiError.NotFound($"No broadcast '{id}'.");
        var (rows, next) = await store.RecipientsAsync(id, status, cursor, limit, ct);
        return Answer.Page(rows.Select(r => r.View()), next);
    }
}
