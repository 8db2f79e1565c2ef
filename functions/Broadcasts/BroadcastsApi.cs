using WaFunctions.Auth;
using WaFunctions.Broadcasts.Pacing;
using Microsoft.DurableTask.Client;
using WaFunctions.Broadcasts.Run;
using WaFunctions.Errors;
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
        api.MapPost("/broadcasts", CreateAsync).WithName("CreateBroadcast").RequireScope(Scopes.BroadcastsWrite);
        api.MapGet("/broadcasts", ListAsync).WithName("ListBroadcasts").RequireScope(Scopes.BroadcastsRead);
        api.MapGet("/broadcasts/{id}", GetAsync).WithName("GetBroadcast").RequireScope(Scopes.BroadcastsRead);
        api.MapGet("/broadcasts/{id}/recipients", RecipientsAsync).WithName("ListBroadcastRecipients").RequireScope(Scopes.BroadcastsRead);
        api.MapBroadcastControl();
        return api;
    }

    internal sealed record CreateBroadcastRequest(string? Name, string? SessionId, string? Message,
        IReadOnlyList<BroadcastRules.RecipientInput?>? Recipients, DateTimeOffset? ScheduledAt);

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
        return Results.Json(new { data = broadcast.View() }, statusCode: 201);
    }

    /// <summary>
    /// One range query of the index (more when filtered by <c>sessionId</c>, see <see cref="BroadcastStore.ListAsync"/>),
    /// then one point read per broadcast on the page (in parallel). <c>status</c> is applied to those states, so a page
    /// filtered by status may hold fewer than <c>limit</c> items: follow <c>nextCursor</c> until it is null.
    /// </summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, BroadcastStore store, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 20, 1, 50);
        var status = Query.OneOf(request, "status", BroadcastStatus.All);
        var sessionId = Query.String(request, "sessionId", 32);
        var (rows, next) = await store.ListAsync(Query.String(request, "cursor", 1000), limit, sessionId, ct);
        var items = await Task.WhenAll(rows.Select(r => store.GetAsync(r.GetString("BroadcastId") ?? "", ct)));
        var shown = items.OfType<(Broadcast Broadcast, Azure.ETag ETag)>().Select(i => i.Broadcast)
            .Where(b => (status is null || b.Status == status) && (sessionId is null || b.SessionId == sessionId));
        return Results.Json(new { data = shown.Select(b => b.View()), nextCursor = next });
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
        return Results.Json(new { data = b.View(estimate) });
    }

    /// <summary>One point read (the broadcast exists) and one filtered range query over its recipients (≤ 5000 rows).</summary>
    internal static async Task<IResult> RecipientsAsync(string id, HttpRequest request, BroadcastStore store, CancellationToken ct)
    {
        var status = Query.OneOf(request, "status", RecipientStatus.Filterable);
        var limit = Query.Int(request, "limit", 100, 1, 500);
        var cursor = Query.String(request, "cursor", 10);
        if (cursor is not null && (cursor.Length != 5 || cursor[0] != 'r' || !cursor.AsSpan(1).ToString().All(char.IsAsciiDigit)))
            throw new InvalidInputException("Query parameter 'cursor' is not a cursor this API returned.");
        if (await store.GetAsync(id, ct) is null) return ApiError.NotFound($"No broadcast '{id}'.");
        var (rows, next) = await store.RecipientsAsync(id, status, cursor, limit, ct);
        return Results.Json(new { data = rows.Select(r => r.View()), nextCursor = next });
    }
}
