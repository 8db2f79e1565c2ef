using System.Text.Json;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.OpenApi;
using WaFunctions.Sessions;

namespace WaFunctions.Groups;

public sealed record CreateGroupRequest(string? Subject, string?[]? Participants);

/// <summary>PATCH: a field left out stays; <c>description: null</c> or <c>""</c> removes the description.</summary>
public sealed record UpdateGroupRequest(Optional<string> Subject, Optional<string> Description);

public sealed record GroupParticipantsRequest(string?[]? Participants);

/// <summary>
/// Group writes (scope <c>groups:write</c>), each answered by WhatsApp through the engine: the call enqueues its
/// command and waits for the answer (<see cref="EngineRequests"/>) — 504 <c>engine_timeout</c> when none comes within
/// <c>WA_ENGINE_ANSWER_TIMEOUT_SECONDS</c>; a refusal maps to an error (<see cref="EngineAnswerErrors"/>). The stored
/// group is updated from the answer before the call returns. The invite link needs <c>groups:write</c> too: it lets
/// anyone join. Optional query <c>sessionId</c> (default the first ready number).
/// </summary>
internal static class GroupWritesApi
{
    public const int MaxParticipants = 1023;
    private static readonly string[] Actions = ["add", "remove", "promote", "demote"];

    public static IEndpointRouteBuilder MapGroupWrites(this IEndpointRouteBuilder api)
    {
        api.MapPost("/groups", CreateAsync).WithName("CreateGroup")
            .WithSummary("Create a group")
            .WithDescription("Body { subject (up to 100 characters), participants: phone numbers or jids }. Numbers WhatsApp cannot add are not in the answer's participants.")
            .Returns<GroupView>(StatusCodes.Status201Created)
            .WithQuery(ReadySession.SessionId)
            .FailsLikeTheEngine()
            .RequireScope(Scopes.GroupsWrite);
        api.MapPatch("/groups/{jid}", UpdateAsync).WithName("UpdateGroup")
            .WithSummary("Change a group's subject or description")
            .WithDescription("A partial update: a field left out stays; description null or \"\" removes the description. The number must be allowed to edit the group.")
            .Returns<GroupView>()
            .WithQuery(ReadySession.SessionId)
            .FailsLikeTheEngine()
            .RequireScope(Scopes.GroupsWrite);
        foreach (var action in Actions)
            api.MapPost($"/groups/{{jid}}/participants/{action}", (string jid, GroupParticipantsRequest body, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct) =>
                    ParticipantsAsync(jid, action, body, request, sessions, engine, ct))
                .WithName(char.ToUpperInvariant(action[0]) + action[1..] + "GroupParticipants")
                .WithSummary($"{char.ToUpperInvariant(action[0]) + action[1..]} group participants")
                .WithDescription("Body { participants: phone numbers or jids }. Answers WhatsApp's outcome per person: status \"200\" done, else its code (403 not allowed or privacy, 404 not a member, 409 already a member).")
                .Returns<ParticipantsChangeView>()
                .WithQuery(ReadySession.SessionId)
                .FailsLikeTheEngine()
                .RequireScope(Scopes.GroupsWrite);
        api.MapGet("/groups/{jid}/invite-link", InviteLinkAsync).WithName("GetGroupInviteLink")
            .WithSummary("Get the group's invite link")
            .WithDescription("Needs groups:write: the link lets anyone join. The number must be an admin.")
            .Returns<InviteLinkView>()
            .WithQuery(ReadySession.SessionId)
            .FailsLikeTheEngine()
            .RequireScope(Scopes.GroupsWrite);
        api.MapPost("/groups/{jid}/leave", LeaveAsync).WithName("LeaveGroup")
            .WithSummary("Leave a group")
            .WithDescription("The number leaves the group; its stored metadata goes with the group event that follows.")
            .Returns<LeftGroupView>()
            .WithQuery(ReadySession.SessionId)
            .FailsLikeTheEngine()
            .RequireScope(Scopes.GroupsWrite);
        return api;
    }

    internal static async Task<IResult> CreateAsync(CreateGroupRequest body, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct)
    {
        var subject = Fields.Text(body.Subject, "subject", 100, required: true)!;
        var people = People(body.Participants);
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return error;
        var answer = await engine.AskAsync("group.create", session!.Id, new() { ["subject"] = subject, ["participants"] = people }, ct);
        return GroupAnswer(answer, session.Id, "the group's creation", StatusCodes.Status201Created);
    }

    internal static async Task<IResult> UpdateAsync(string jid, UpdateGroupRequest body, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct)
    {
        var groupId = GroupsApi.ParseJid(jid);
        var data = new Dictionary<string, object?> { ["groupId"] = groupId };
        if (body.Subject.IsSet) data["subject"] = Fields.Text(body.Subject.Value, "subject", 100) ?? throw new InvalidInputException("Field 'subject' cannot be empty; leave it out to keep it.");
        if (body.Description.IsSet) data["description"] = Fields.Text(body.Description.Value, "description", 2048, multiline: true) ?? "";
        if (data.Count == 1) throw new InvalidInputException("Send 'subject' or 'description' (or both).");
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return error;
        return GroupAnswer(await engine.AskAsync("group.update", session!.Id, data, ct), session.Id, $"the update of group '{groupId}'", StatusCodes.Status200OK);
    }

    internal static async Task<IResult> ParticipantsAsync(string jid, string action, GroupParticipantsRequest body, HttpRequest request, SessionStore sessions,
        EngineRequests engine, CancellationToken ct)
    {
        var groupId = GroupsApi.ParseJid(jid);
        var people = People(body.Participants);
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return error;
        var answer = await engine.AskAsync("group.participants", session!.Id,
            new() { ["groupId"] = groupId, ["action"] = action, ["participants"] = people }, ct, tag: action);
        if (!answer.Ok || answer.Result is not { } result) return EngineAnswerErrors.Of(answer, session.Id, $"the {action} in group '{groupId}'");
        var outcomes = result.GetProperty("participants").EnumerateArray()
            .Select(p => new ParticipantOutcomeView(p.GetProperty("jid").GetString()!, p.GetProperty("status").GetString()!, p.GetProperty("status").GetString() == "200"))
            .ToList();
        return Answer.Data(new ParticipantsChangeView(groupId, action, outcomes));
    }

    internal static async Task<IResult> InviteLinkAsync(string jid, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct)
    {
        var groupId = GroupsApi.ParseJid(jid);
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return error;
        var answer = await engine.AskAsync("group.invite", session!.Id, new() { ["groupId"] = groupId }, ct);
        if (!answer.Ok || answer.Result is not { } r) return EngineAnswerErrors.Of(answer, session.Id, $"the invite link of group '{groupId}'");
        return Answer.Data(new InviteLinkView(groupId, r.GetProperty("code").GetString()!, r.GetProperty("link").GetString()!));
    }

    internal static async Task<IResult> LeaveAsync(string jid, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct)
    {
        var groupId = GroupsApi.ParseJid(jid);
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return error;
        var answer = await engine.AskAsync("group.leave", session!.Id, new() { ["groupId"] = groupId }, ct);
        return answer.Ok ? Answer.Data(new LeftGroupView(groupId, true)) : EngineAnswerErrors.Of(answer, session.Id, $"leaving group '{groupId}'");
    }

    private static IResult GroupAnswer(EngineAnswer answer, string sessionId, string what, int status) =>
        answer.Ok && answer.Result is { } r && r.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.Object
            ? Answer.Data(GroupView.Of(GroupRecord.FromInfo(sessionId, g, 0)), status)
            : EngineAnswerErrors.Of(answer, sessionId, what);

    private static List<string> People(string?[]? raw)
    {
        if (raw is not { Length: > 0 and <= MaxParticipants }) throw new InvalidInputException($"Field 'participants' must hold 1 to {MaxParticipants} phone numbers or jids.");
        var people = new List<string>();
        for (var i = 0; i < raw.Length; i++)
        {
            var jid = Jid.Normalize(raw[i]);
            if (jid is null || Jid.IsGroup(jid)) throw new InvalidInputException($"Field 'participants[{i}]' must be a phone number with country code or a person's jid.");
            if (!people.Contains(jid)) people.Add(jid);
        }
        return people;
    }
}
