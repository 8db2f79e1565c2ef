using System.Text.Json;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Groups;

/// <summary>A member of a group: their jid, <see cref="Admin"/> <c>admin</c>, <c>superadmin</c> or null, and their LID when known.</summary>
public sealed record GroupParticipant(string Jid, string? Admin, string? Lid = null);

/// <summary>
/// A group as last reported by the engine (<c>GroupInfo</c> in engine-host/README.md), kept per number.
/// <see cref="Seq"/> is the engine seq of the last applied report (older ones are ignored), <see cref="LastChange"/> what
/// that report changed (<c>joined</c>, <c>updated</c> or <c>none</c>, so a redelivered report records its event again),
/// <see cref="Left"/> that this number is no longer a member.
/// </summary>
public sealed record GroupRecord(string SessionId, string Id, string Subject, string? Description, string? Owner, long? CreatedAt,
    IReadOnlyList<GroupParticipant> Participants, bool Announce, bool Restrict, long Seq, string LastChange = "none", bool Left = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Whether two reports say the same (subject, description, settings, members and ranks).</summary>
    public bool SameAs(GroupRecord other) => Subject == other.Subject && Description == other.Description && Announce == other.Announce
        && Restrict == other.Restrict && Owner == other.Owner && Participants.SequenceEqual(other.Participants);

    /// <summary>An engine <c>GroupInfo</c>.</summary>
    public static GroupRecord FromInfo(string sessionId, JsonElement g, long seq)
    {
        string? S(JsonElement o, string n) => o.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var participants = g.TryGetProperty("participants", out var ps) && ps.ValueKind == JsonValueKind.Array
            ? ps.EnumerateArray().Where(p => S(p, "jid") is not null).Select(p => new GroupParticipant(S(p, "jid")!, S(p, "admin"), S(p, "lid"))).ToList()
            : [];
        return new GroupRecord(sessionId, S(g, "id") ?? throw new InvalidOperationException("GroupInfo without id"), S(g, "subject") ?? "",
            S(g, "description"), S(g, "owner"), g.TryGetProperty("createdAt", out var c) && c.TryGetInt64(out var at) ? at : null, participants,
            g.TryGetProperty("announce", out var a) && a.ValueKind == JsonValueKind.True, g.TryGetProperty("restrict", out var r) && r.ValueKind == JsonValueKind.True, seq);
    }

    internal TableEntity ToEntity()
    {
        var e = new TableEntity(SessionId, TableKey.Encode(Id))
        {
            ["Subject"] = Subject, ["Description"] = Description, ["Owner"] = Owner, ["CreatedAt"] = CreatedAt, ["Announce"] = Announce,
            ["Restrict"] = Restrict, ["Seq"] = Seq, ["LastChange"] = LastChange, ["Left"] = Left, ["Size"] = Participants.Count,
        };
        LongText.Write(e, "Participants", JsonSerializer.Serialize(Participants, Json));
        return e;
    }

    internal static GroupRecord FromEntity(TableEntity e) => new(e.PartitionKey, TableKey.Decode(e.RowKey), e.GetString("Subject") ?? "",
        e.GetString("Description"), e.GetString("Owner"), e.GetInt64("CreatedAt"),
        JsonSerializer.Deserialize<List<GroupParticipant>>(LongText.Read(e, "Participants") ?? "[]", Json) ?? [],
        e.GetBoolean("Announce") ?? false, e.GetBoolean("Restrict") ?? false, e.GetInt64("Seq") ?? 0, e.GetString("LastChange") ?? "none", e.GetBoolean("Left") ?? false);
}

/// <summary>
/// A group as the API shows it and as <c>group.joined</c> / <c>group.updated</c> carry it. <see cref="Announce"/>: only
/// admins may write; <see cref="Restrict"/>: only admins may edit the group's info.
/// </summary>
public sealed record GroupView(string Id, string SessionId, string Subject, string? Description, string? Owner, long? CreatedAt, int Size,
    bool Announce, bool Restrict, IReadOnlyList<GroupParticipant> Participants)
{
    public static GroupView Of(GroupRecord g) => new(g.Id, g.SessionId, g.Subject, g.Description, g.Owner, g.CreatedAt, g.Participants.Count,
        g.Announce, g.Restrict, g.Participants);
}

/// <summary>One item of <c>GET /groups</c> (members: <c>GET /groups/{jid}/participants</c>).</summary>
public sealed record GroupSummaryView(string Id, string SessionId, string Subject, string? Description, string? Owner, long? CreatedAt, int Size,
    bool Announce, bool Restrict)
{
    public static GroupSummaryView Of(GroupRecord g) => new(g.Id, g.SessionId, g.Subject, g.Description, g.Owner, g.CreatedAt, g.Participants.Count,
        g.Announce, g.Restrict);
}

/// <summary>
/// <c>group.participants</c>: people joined, left or were removed (<see cref="Action"/> <c>add</c>, <c>remove</c>),
/// changed rank (<c>promote</c>, <c>demote</c>) or number (<c>modify</c>); <see cref="By"/> who did it, when known.
/// <see cref="Group"/> is the group as stored after it (null once this number left it).
/// </summary>
public sealed record GroupParticipantsEventData(string GroupId, string Action, IReadOnlyList<string> Participants, string? By, GroupView? Group);

/// <summary>WhatsApp's outcome for one person of a participants change: <see cref="Status"/> "200" done, else WhatsApp's code.</summary>
public sealed record ParticipantOutcomeView(string Jid, string Status, bool Ok);

/// <summary>The answer to <c>POST /groups/{jid}/participants/{action}</c>: one outcome per person.</summary>
public sealed record ParticipantsChangeView(string GroupId, string Action, IReadOnlyList<ParticipantOutcomeView> Participants);

public sealed record InviteLinkView(string GroupId, string Code, string Link);

public sealed record LeftGroupView(string GroupId, bool Left);
