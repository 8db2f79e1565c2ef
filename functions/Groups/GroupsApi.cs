using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.Sessions;

namespace WaFunctions.Groups;

/// <summary>
/// Groups a number is in, read from stored metadata (scope <c>groups:read</c>) that the engine's group events keep
/// fresh; writes are in <see cref="GroupWritesApi"/>. Optional query <c>sessionId</c> as for chats (default the first
/// ready number). A group is addressed by its jid (<c>120363…@g.us</c>) or its bare id.
/// </summary>
internal static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroups(this IEndpointRouteBuilder api)
    {
        api.MapGet("/groups", ListAsync).WithName("ListGroups").RequireScope(Scopes.GroupsRead)
            .WithSummary("Groups the number is in").WithDescription("Query: sessionId, limit (default 100, up to 500), cursor (nextCursor of the previous page).")
            .Produces<ListOf<GroupSummaryView>>();
        api.MapGet("/groups/{jid}", GetAsync).WithName("GetGroup").RequireScope(Scopes.GroupsRead)
            .WithSummary("A group's metadata and members").Produces<DataOf<GroupView>>();
        api.MapGet("/groups/{jid}/participants", ParticipantsAsync).WithName("ListGroupParticipants").RequireScope(Scopes.GroupsRead)
            .WithSummary("A group's members and their rank").Produces<ListOf<GroupParticipant>>();
        api.MapGroupWrites();
        return api;
    }

    /// <summary>The group jid of a path parameter (a bare id is completed), or 400.</summary>
    public static string ParseJid(string raw)
    {
        var value = raw.Trim();
        var jid = Jid.Normalize(value.Contains('@') ? value : value + "@" + Jid.GroupServer);
        return jid is not null && Jid.IsGroup(jid) ? jid : throw new InvalidInputException("Path parameter 'jid' must be a group jid (e.g. 120363012345678901@g.us).");
    }

    /// <summary>Sessions: one point read or one bounded query; groups: one range scan.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, SessionStore sessions, GroupStore groups, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 100, 1, 500);
        var cursor = Query.String(request, "cursor", 2000);
        var (sessionId, error) = await ReadySession.ForReadAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Results.Json(new ListOf<GroupSummaryView>([]));
        var (page, next) = await groups.ListAsync(sessionId, limit, cursor, ct);
        return Results.Json(new ListOf<GroupSummaryView>(page.Select(GroupSummaryView.Of).ToList(), next));
    }

    /// <summary>Sessions as for the list; the group: one point read.</summary>
    internal static async Task<IResult> GetAsync(string jid, HttpRequest request, SessionStore sessions, GroupStore groups, CancellationToken ct)
    {
        var (group, error) = await FindAsync(jid, request, sessions, groups, ct);
        return error ?? Results.Json(new DataOf<GroupView>(GroupView.Of(group!)));
    }

    internal static async Task<IResult> ParticipantsAsync(string jid, HttpRequest request, SessionStore sessions, GroupStore groups, CancellationToken ct)
    {
        var (group, error) = await FindAsync(jid, request, sessions, groups, ct);
        return error ?? Results.Json(new ListOf<GroupParticipant>(group!.Participants));
    }

    private static async Task<(GroupRecord? Group, IResult? Error)> FindAsync(string jid, HttpRequest request, SessionStore sessions, GroupStore groups, CancellationToken ct)
    {
        var groupId = ParseJid(jid);
        var (sessionId, error) = await ReadySession.ForReadAsync(request, sessions, ct);
        if (error is not null) return (null, error);
        return sessionId is not null && await groups.GetAsync(sessionId, groupId, ct) is { } g
            ? (g, null) : (null, ApiError.NotFound($"The number is not in a group '{groupId}' (as far as its group events told)."));
    }
}
