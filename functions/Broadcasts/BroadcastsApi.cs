using WaFunctions.Auth;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Broadcasts.Tick;
using WaFunctions.Errors;
using WaFunctions.Hosting;
using WaFunctions.Sessions;

namespace WaFunctions.Broadcasts;

/// <summary>
/// Broadcasts: create (scope <c>broadcasts:write</c>, exactly the seed's request and 201 answer, plus optional
/// <c>scheduledAt</c>), list newest first, read one with progress and its recipients (scope <c>broadcasts:read</c>).
/// Pause, resume and cancel are in <see cref="BroadcastControlApi"/>.
/// </summary>
internal static class BroadcastsApi
{
    public static IReadOnlyList<HttpFunction> Functions { get; } =
    [
        new("CreateBroadcast", "v1/broadcasts", "POST", Scopes.BroadcastsWrite, CreateAsync),
        new("ListBroadcasts", "v1/broadcasts", "GET", Scopes.BroadcastsRead, ListAsync),
        new("GetBroadcast", "v1/broadcasts/{id}", "GET", Scopes.BroadcastsRead, GetAsync),
        new("ListBroadcastRecipients", "v1/broadcasts/{id}/recipients", "GET", Scopes.BroadcastsRead, RecipientsAsync),
        .. BroadcastControlApi.Functions,
    ];

    internal sealed record CreateBroadcastRequest(string? Name, string? SessionId, string? Message,
        IReadOnlyList<BroadcastRules.RecipientInput?>? Recipients, DateTimeOffset? ScheduledAt);

    /// <summary>
    /// One point read (session); recipients in transactions of 100 (⌈n/100⌉, 4 at a time); the index row; the state
    /// row; one queue send (the first tick, hidden until <c>scheduledAt</c>); the state adopts it (conditional write).
    /// Nothing can run the broadcast before the last step (no live tick); a crash before it leaves a queued broadcast
    /// that never starts (cancel it; the client saw no 201).
    /// </summary>
    internal static async Task<IResult> CreateAsync(CreateBroadcastRequest body, SessionStore sessions, BroadcastStore store,
        BroadcastTicks ticks, TimeProvider clock, CancellationToken ct)
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
        var broadcast = new Broadcast(id, name, sessionId, body.Message, BroadcastStatus.Queued, null, null, rows.Count, duplicates, 0, null, null,
            scheduled ?? now, scheduled, Counts.Zero, 0, now, now, null, null);
        var etag = await store.CreateAsync(broadcast, rows, ct);
        // The first tick exists only once the state does, and becomes live when the state names it.
        var tick = await ticks.SendAsync(id, scheduled is { } s ? PacingMath.Split(now, s).Visibility : TimeSpan.Zero, ct);
        while (true)
        {
            try
            {
                await store.ReplaceAsync(broadcast with { Tick = tick }, etag, ct);
                break;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412)
            {
                // Paused or cancelled in the instant since it was stored: adopt the tick into that state (a resume replaces it).
                if (await store.GetAsync(id, ct) is not var (current, currentETag) || current.Tick is not null) break;
                (broadcast, etag) = (current, currentETag);
            }
        }
        return Results.Json(new { data = broadcast.View() }, statusCode: 201);
    }

    /// <summary>One range query of the index, then one point read per broadcast on the page (in parallel).</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, BroadcastStore store, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 20, 1, 50);
        var (rows, next) = await store.ListAsync(Query.String(request, "cursor", 1000), limit, ct);
        var items = await Task.WhenAll(rows.Select(r => store.GetAsync(r.GetString("BroadcastId") ?? "", ct)));
        return Results.Json(new { data = items.Where(i => i is not null).Select(i => i!.Value.Broadcast.View()), nextCursor = next });
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
