using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.OpenApi;
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
        api.MapGet("/groups", ListAsync).WithName("ListGroups")
            .WithSummary("List the groups the number is in")
            .WithDescription("From the metadata the engine's group events keep fresh. Without sessionId the first ready number is used, else the first one ever linked; with none, the list is empty.")
            .ReturnsPage<GroupSummaryView>()
            .WithQuery(ReadySession.SessionId, Limit, Paging.Cursor)
            .RequireScope(Scopes.GroupsRead);
        api.MapGet("/groups/{jid}", GetAsync).WithName("GetGroup")
            .WithSummary("Get a group's metadata and members")
            .WithDescription("A group by its jid (120363…@g.us) or bare id, as its group events last told.")
            .Returns<GroupView>()
            .WithQuery(ReadySession.SessionId)
            .RequireScope(Scopes.GroupsRead);
        api.MapGet("/groups/{jid}/participants", ParticipantsAsync).WithName("ListGroupParticipants")
            .WithSummary("List a group's members")
            .WithDescription("A group's members and their rank (admin, superadmin or null); never paged (a group has at most 1024).")
            .Returns<IReadOnlyList<GroupParticipant>>()
            .WithQuery(ReadySession.SessionId)
            .RequireScope(Scopes.GroupsRead);
        api.MapGroupWrites();
        return api;
    }

    private static readonly NumberQuery Limit = Paging.Limit(100, 500);

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
        var limit = Limit.Read(request);
        var cursor = Paging.Cursor.Read(request);
        var (sessionId, error) = await ReadySession.ForReadAsync(request, sessions, ct);
        if (error is not null) return error;
        if (sessionId is null) return Answer.Page<GroupSummaryView>([], null);
        var (page, next) = await groups.ListAsync(sessionId, limit, cursor, ct);
        return Answer.Page(page.Select(GroupSummaryView.Of), next);
    }

    /// <summary>Sessions as for the list; the group: one point read.</summary>
    internal static async Task<IResult> GetAsync(string jid, HttpRequest request, SessionStore sessions, GroupStore groups, CancellationToken ct)
    {
        var (group, error) = await FindAsync(jid, request, sessions, groups, ct);
        return error ?? Answer.Data(GroupView.Of(group!));
    }

    internal static async Task<IResult> ParticipantsAsync(string jid, HttpRequest request, SessionStore sessions, GroupStore groups, CancellationToken ct)
    {
        var (group, error) = await FindAsync(jid, request, sessions, groups, ct);
        return error ?? Answer.Data<IReadOnlyList<GroupParticipant>>(group!.Participants);
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
