using System.Globalization;
using Azure.Data.Tables;
using WaFunctions.Agents;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Broadcasts;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Chats;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Analytics;

/// <summary>
/// Inbox and broadcast analytics (scope <c>analytics:read</c>), read from counters kept as events are recorded, never by
/// scanning messages or chats. Round trips: overview — the numbers (one point read, or one bounded query for all), per
/// number one range scan of its hourly counter rows (at most 24 × <see cref="ChatCounts.Shards"/> rows a day, 1,000 a
/// round trip; numbers read in parallel), the team (one bounded query); broadcasts — one range scan of the broadcast
/// index, then per broadcast its state (point read) and its reply rows (one range scan of ≤ 4 rows), in parallel.
/// </summary>
internal static class AnalyticsApi
{
    public const int MaxDays = 92;

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder api)
    {
        api.MapGet("/analytics/overview", OverviewAsync).WithName("AnalyticsOverview")
            .WithSummary("Conversation and message figures")
            .WithDescription($"Conversations opened and resolved, messages in and out, first response and resolution times (count, p50, p90 in seconds), in total, per local day and per agent, for one number or every number. Counted per quarter-hour, so `from` and `to` act rounded down to one; default range: the last 7 days; at most {MaxDays} days. Read from counters kept as events are recorded (one range scan of hourly rows per number), never by scanning messages.")
            .Returns<AnalyticsOverviewView>()
            .WithQuery(From, To, TimeZone, OverviewSession)
            .Fails(404, "not_found", "No number with this sessionId.")
            .RequireScope(Scopes.AnalyticsRead);
        api.MapGet("/analytics/broadcasts", BroadcastsAsync).WithName("AnalyticsBroadcasts")
            .WithSummary("Broadcast funnel")
            .WithDescription("Newest first: per broadcast recipients sent, delivered, read, failed, and chats that replied within 24 hours of their message.")
            .ReturnsPage<BroadcastFiguresView>()
            .WithQuery(BroadcastLimit, Paging.Cursor)
            .RequireScope(Scopes.AnalyticsRead);
        return api;
    }

    private static readonly TextQuery From = new("from", 40, "Start: an ISO 8601 time, or a date yyyy-MM-dd meaning local midnight in `timezone`; default 6 days before the start of `to`'s day.");
    private static readonly TextQuery To = new("to", 40, "End (exclusive): an ISO 8601 time, or a date yyyy-MM-dd meaning local midnight in `timezone`; default now.");
    private static readonly TextQuery TimeZone = new("timezone", 64, "IANA time zone (e.g. Asia/Kolkata) that cuts the days; default UTC.");
    private static readonly TextQuery OverviewSession = new("sessionId", 64, "Only this number (session id); default: every number.");
    private static readonly NumberQuery BroadcastLimit = Paging.Limit(20, 100);

    internal static async Task<IResult> OverviewAsync(HttpRequest request, SessionStore sessions, ChatStore chats, AgentStore agents, TimeProvider clock,
        CancellationToken ct)
    {
        var zoneId = TimeZone.Read(request) ?? "UTC";
        TimeZoneInfo zone;
        try { zone = PacingMath.Zone(zoneId); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidInputException($"Query parameter 'timezone' must be an IANA time zone such as Asia/Kolkata, not '{zoneId}'.");
        }
        var now = clock.GetUtcNow();
        var to = Time(request, To, zone) ?? now;
        var from = Time(request, From, zone) ?? PacingMath.AtLocal(PacingMath.Local(to, zone).Date.AddDays(-6), zone);
        if (from >= to) throw new InvalidInputException("Query parameter 'from' must be before 'to'.");
        if (to - from > TimeSpan.FromDays(MaxDays)) throw new InvalidInputException($"The range from 'from' to 'to' may span at most {MaxDays} days.");
        var sessionId = OverviewSession.Read(request);
        IEnumerable<string> ids;
        if (sessionId is not null)
        {
            if (await sessions.GetAsync(sessionId, ct) is null) return ApiError.NotFound($"No session '{sessionId}'.");
            ids = [sessionId];
        }
        else ids = (await sessions.ListAsync(ct)).Select(s => s.Id);

        var report = new OverviewReport(from, to, zone);
        var rows = await Task.WhenAll(ids.Select(id => CounterRowsAsync(chats.Table, id, from, to, ct)));
        foreach (var row in rows.SelectMany(r => r)) report.Add(row);
        var team = (await agents.ListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
        return Answer.Data(report.Build(zoneId, sessionId, team));
    }

    /// <summary>A time (ISO 8601) or a date (local midnight in <paramref name="zone"/>), or null when absent.</summary>
    private static DateTimeOffset? Time(HttpRequest request, TextQuery parameter, TimeZoneInfo zone)
    {
        if (parameter.Read(request) is not { } raw) return null;
        var name = parameter.Name;
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return PacingMath.AtLocal(date.ToDateTime(TimeOnly.MinValue), zone);
        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
            : throw new InvalidInputException($"Query parameter '{name}' must be an ISO 8601 time or a date yyyy-MM-dd.");
    }

    /// <summary>One range scan of a number's counter rows for the hours the range touches (paged by the service, 1,000 rows a page).</summary>
    private static async Task<List<TableEntity>> CounterRowsAsync(TableClient table, string sessionId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var first = AnalyticsRow.HourKey(AnalyticsRow.HourOf(from));
        var end = AnalyticsRow.HourKey(AnalyticsRow.HourOf(to.AddTicks(-1)).AddHours(1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {first} and RowKey lt {end}");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: ct).ConfigureAwait(false)) rows.Add(row);
        return rows;
    }

    internal static async Task<IResult> BroadcastsAsync(HttpRequest request, BroadcastStore broadcasts, ChatStore chats, CancellationToken ct)
    {
        var limit = BroadcastLimit.Read(request);
        var (index, next) = await broadcasts.ListAsync(Paging.Cursor.Read(request), limit, null, ct);
        var figures = await Task.WhenAll(index.Select(async row =>
        {
            if (await broadcasts.GetAsync(row.GetString("BroadcastId") ?? "", ct) is not var (b, _)) return null;
            var prefix = $"{BroadcastReplies.Prefix}{b.Id}_";
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {b.SessionId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "`"}");
            var replied = 0;
            await foreach (var r in chats.Table.QueryAsync<TableEntity>(filter, ChatCounts.Shards, cancellationToken: ct).ConfigureAwait(false))
                replied += r.GetInt32("Replied") ?? 0;
            return new BroadcastFiguresView(b.Id, b.Name, b.SessionId, b.Status, b.Total, b.Counts.Sent, b.Counts.Delivered, b.Counts.Read,
                b.Counts.Failed, replied, b.CreatedAt);
        }));
        return Answer.Page(figures.OfType<BroadcastFiguresView>(), next);
    }
}
