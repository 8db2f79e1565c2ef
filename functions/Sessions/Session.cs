using Azure.Data.Tables;

namespace WaFunctions.Sessions;

/// <summary>
/// One WhatsApp number (a linked device). <see cref="Status"/> is the engine's last reported status
/// (<c>starting, qr, connecting, ready, disconnected, logged_out, failed</c>), or <c>new</c> before the
/// first connect. <see cref="Seq"/> is the engine seq of the last applied session event: older ones are ignored.
/// </summary>
public sealed record Session(
    string Id, string? Name, string Status, string? Reason, int? Code, string? Phone, string? Jid, string? PushName,
    string? Qr, long? QrExpiresAt, string? PairingCode, long? PairingCodeExpiresAt,
    string? Warning, string? WarningDetail, long? WarningUntil, long Seq, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string New = "new";
    public const string Ready = "ready";

    public bool IsReady => Status == Ready;

    /// <summary>The engine seq of the QR or pairing code on offer: codes are their own stream beside the status events.</summary>
    public long CodeSeq { get; init; }

    /// <summary>Linked, or stopped: no code is on offer.</summary>
    public bool IsLinkedOff => Status is Ready or "disconnected" or "logged_out" or "failed";

    internal TableEntity ToEntity() => new(SessionStore.Partition, Id)
    {
        ["Name"] = Name, ["Status"] = Status, ["Reason"] = Reason, ["Code"] = Code, ["Phone"] = Phone, ["Jid"] = Jid,
        ["PushName"] = PushName, ["Qr"] = Qr, ["QrExpiresAt"] = QrExpiresAt, ["PairingCode"] = PairingCode,
        ["PairingCodeExpiresAt"] = PairingCodeExpiresAt, ["Warning"] = Warning, ["WarningDetail"] = WarningDetail,
        ["WarningUntil"] = WarningUntil, ["Seq"] = Seq, ["CreatedAt"] = CreatedAt, ["UpdatedAt"] = UpdatedAt, ["CodeSeq"] = CodeSeq,
    };

    internal static Session FromEntity(TableEntity e) => new(
        e.RowKey, e.GetString("Name"), e.GetString("Status") ?? New, e.GetString("Reason"), e.GetInt32("Code"),
        e.GetString("Phone"), e.GetString("Jid"), e.GetString("PushName"), e.GetString("Qr"), e.GetInt64("QrExpiresAt"),
        e.GetString("PairingCode"), e.GetInt64("PairingCodeExpiresAt"), e.GetString("Warning"), e.GetString("WarningDetail"),
        e.GetInt64("WarningUntil"), e.GetInt64("Seq") ?? 0,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue)
    {
        CodeSeq = e.GetInt64("CodeSeq") ?? 0,
    };
}

/// <summary>What the API shows of a session (the QR text itself only through <c>/qr</c>).</summary>
internal sealed record SessionView(string Id, string? Name, string Status, string? Reason, int? Code, string? Phone, string? Jid,
    string? PushName, bool QrAvailable, string? PairingCode, SessionWarning? Warning, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    : OpenApi.IHasExample
{
    public static object Example => new SessionView("n1a2b3c", "Support line", Session.Ready, null, null, "919800000001",
        "919800000001@s.whatsapp.net", "Acme Support", false, null, null,
        new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 29, 10, 20, 0, TimeSpan.Zero));

    /// <summary>Only on <c>GET /sessions/{id}</c>: today's send cap (warm-up included) and what is left of it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public SendCapToday? SendCap { get; init; }

    /// <summary>Only on <c>GET /sessions/{id}</c>: which engine-host replica runs the number; null before any has taken it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public EngineReplicaView? Engine { get; init; }

    public static SessionView Of(Session s, DateTimeOffset now) => new(s.Id, s.Name, s.Status, s.Reason, s.Code, s.Phone, s.Jid, s.PushName,
        QrAvailable: s.Qr is not null && s.QrExpiresAt > now.ToUnixTimeSeconds(),
        PairingCode: s.PairingCode is not null && s.PairingCodeExpiresAt > now.ToUnixTimeSeconds() ? s.PairingCode : null,
        Warning: s.Warning is null ? null : new SessionWarning(s.Warning, s.WarningDetail, s.WarningUntil),
        s.CreatedAt, s.UpdatedAt);
}

/// <summary>A warning the engine raised for the number (e.g. a reach-out timelock) and until when it holds.</summary>
internal sealed record SessionWarning(string Kind, string? Detail, long? Until);

/// <summary>
/// The engine-host replica that owns the number, since when, and whether it still holds the lease (false: it let the
/// number go or died, and no replica has taken it yet; <c>replica</c> then names the last owner).
/// </summary>
internal sealed record EngineReplicaView(string Replica, DateTimeOffset Since, bool Alive)
{
    public static EngineReplicaView Of(EngineOwner owner) => new(owner.Replica, owner.Since, owner.Alive);
}

/// <summary>Sends counted on the number's current calendar day (direct cold sends and broadcasts) against that day's cap.</summary>
internal sealed record SendCapToday(string Day, string TimeZone, int Cap, int Sent, int Remaining);

/// <summary>The pending QR code's text (render it as a QR image to scan) and when it expires (Unix seconds).</summary>
internal sealed record SessionQrView(string Qr, long ExpiresAt);
