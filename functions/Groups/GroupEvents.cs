using System.Text.Json;
using WaFunctions.Chats;
using WaFunctions.Engine;
using WaFunctions.Events;
using WaFunctions.Messages;
using WaFunctions.Sessions;

namespace WaFunctions.Groups;

/// <summary>
/// The engine's group events → <see cref="GroupStore"/>, the group chat's name, and the webhook events
/// <c>group.joined</c> (a group new to this number), <c>group.updated</c> (its subject, description, settings or members
/// changed) and <c>group.participants</c> (every change of members the engine reports). The engine repeats
/// <c>group.joined</c> for every group after each reconnect; a repeat that changes nothing records nothing. Answers to
/// group writes are applied here too, before the waiting API call reads them, so a read right after a write sees it.
/// Event ids are the engine event's (a report applied at a seq records its event again when redelivered).
/// Storage: point read + write of the group, a point read (+ transaction) to name the chat, the outbox.
/// </summary>
internal sealed class GroupEvents(GroupStore groups, ChatStore chats, SessionStore sessions, IEventOutbox outbox)
{
    /// <summary><c>group.joined</c> and <c>group.updated</c>: a full report.</summary>
    public async Task ReportAsync(EngineEnvelope e, CancellationToken ct)
    {
        if (e.Object("group") is not { } info) throw new InvalidOperationException($"{e.Type} without group");
        await ApplyReportAsync(e, info, ct).ConfigureAwait(false);
    }

    private async Task ApplyReportAsync(EngineEnvelope e, JsonElement info, CancellationToken ct)
    {
        if (await groups.ApplySnapshotAsync(GroupRecord.FromInfo(e.SessionId, info, e.Seq ?? 0), ct).ConfigureAwait(false) is not { } outcome) return;
        if (outcome.Change == "none") return;
        await chats.RenameAsync(e.SessionId, outcome.Group.Id, outcome.Group.Subject, ct).ConfigureAwait(false);
        await outbox.RecordAsync(new DomainEvent(e.EventId(), "group." + outcome.Change, e.SessionId, e.At, GroupView.Of(outcome.Group)), ct).ConfigureAwait(false);
    }

    /// <summary><c>group.participants</c>: recorded always; applied unless the stored group is newer.</summary>
    public async Task ParticipantsAsync(EngineEnvelope e, CancellationToken ct)
    {
        var groupId = e.String("groupId") ?? throw new InvalidOperationException("group.participants without groupId");
        var action = e.String("action") ?? "modify";
        var people = Strings(e.Data, "participants");
        var me = action == "remove" && await sessions.GetAsync(e.SessionId, ct).ConfigureAwait(false) is var (s, _) ? Jid.WithoutDevice(s.Jid) : null;
        var group = await groups.ApplyMembersAsync(e.SessionId, groupId, action, people, me, e.Seq ?? 0, ct).ConfigureAwait(false);
        var data = new GroupParticipantsEventData(groupId, action, people, e.String("by"), group is null ? null : GroupView.Of(group));
        await outbox.RecordAsync(new DomainEvent(e.EventId(), "group.participants", e.SessionId, e.At, data), ct).ConfigureAwait(false);
    }

    /// <summary>An answer to a group write: a fresh report (create, update), members changed (participants), or we left.</summary>
    public async Task CommandResultAsync(EngineEnvelope e, CancellationToken ct)
    {
        if (!e.Bool("ok") || e.Object("result") is not { } result) return;
        switch (e.String("command"))
        {
            case "group.create" or "group.update" or "group.get" when result.TryGetProperty("group", out var info) && info.ValueKind == JsonValueKind.Object:
                await ApplyReportAsync(e, info, ct).ConfigureAwait(false);
                break;
            case "group.participants" when result.TryGetProperty("groupId", out var g) && g.GetString() is { } groupId
                && result.TryGetProperty("participants", out var outcomes) && outcomes.ValueKind == JsonValueKind.Array:
                var done = outcomes.EnumerateArray().Where(o => o.TryGetProperty("status", out var st) && st.GetString() == "200")
                    .Select(o => o.GetProperty("jid").GetString()!).ToList();
                if (done.Count > 0 && Action(e) is { } action)
                    await groups.ApplyMembersAsync(e.SessionId, groupId, action, done, null, e.Seq ?? 0, ct).ConfigureAwait(false);
                break;
            case "group.leave" when result.TryGetProperty("groupId", out var left) && left.GetString() is { } leftId:
                await groups.MarkLeftAsync(e.SessionId, leftId, e.Seq ?? 0, ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The engine's answer does not repeat the action; the API call that asked puts it in the requestId (see <see cref="GroupWritesApi"/>).</summary>
    private static string? Action(EngineEnvelope e) =>
        e.String("requestId") is { } id && id.Split('.') is [_, var action] && action is "add" or "remove" or "promote" or "demote" ? action : null;

    private static List<string> Strings(JsonElement data, string name) => data.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
        ? a.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToList() : [];
}
