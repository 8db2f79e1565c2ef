using WaFunctions.Events;
using WaFunctions.Sessions;

namespace WaFunctions.Engine;

/// <summary>
/// Session events → the session row, guarded by seq (an older event than the stored one is ignored;
/// an equal one is a redelivery and only records its domain event again). Each: one point read and
/// one conditional write, plus the outbox.
/// </summary>
internal sealed class SessionEvents(SessionStore sessions, IEventOutbox outbox)
{
    public async Task StatusAsync(EngineEnvelope e, CancellationToken ct)
    {
        var status = e.String("status") ?? throw new InvalidOperationException("session.status without status");
        var me = e.Object("me");
        var linkedOff = status is "ready" or "disconnected" or "logged_out" or "failed";
        var outcome = await sessions.ApplyAsync(e.SessionId, e.Seq ?? 0, s => s with
        {
            Status = status,
            Reason = e.String("reason"),
            Code = (int?)e.Long("code"),
            Phone = me is { } m1 && m1.TryGetProperty("phone", out var p) ? p.GetString() : s.Phone,
            Jid = me is { } m2 && m2.TryGetProperty("id", out var j) ? j.GetString() : s.Jid,
            PushName = me is { } m3 && m3.TryGetProperty("name", out var n) ? n.GetString() : s.PushName,
            Qr = linkedOff ? null : s.Qr,
            QrExpiresAt = linkedOff ? null : s.QrExpiresAt,
            PairingCode = linkedOff ? null : s.PairingCode,
            PairingCodeExpiresAt = linkedOff ? null : s.PairingCodeExpiresAt,
        }, ct).ConfigureAwait(false);
        var type = status switch
        {
            "ready" => "session.connected",
            "disconnected" or "failed" => "session.disconnected",
            "logged_out" => "session.logged_out",
            _ => null,
        };
        if (type is not null && outcome is SessionChange.Applied or SessionChange.Duplicate)
            await RecordAsync(e, type, new SessionStatusEventData(status, e.String("reason"), e.Long("code"),
                me is { } m && m.TryGetProperty("phone", out var ph) ? ph.GetString() : null), ct);
    }

    public async Task QrAsync(EngineEnvelope e, CancellationToken ct)
    {
        if (await ApplyCodeAsync(e, s => s with { Qr = e.String("qr"), QrExpiresAt = e.Long("expiresAt") }, ct).ConfigureAwait(false))
            await RecordAsync(e, "session.qr", new SessionQrEventData(e.String("qr") ?? "", e.Long("expiresAt") ?? 0), ct);
    }

    public Task PairingCodeAsync(EngineEnvelope e, CancellationToken ct) =>
        ApplyCodeAsync(e, s => s with { PairingCode = e.String("code"), PairingCodeExpiresAt = e.Long("expiresAt") }, ct);

    /// <summary>
    /// A QR or pairing code arrives beside the status events that surround it (<c>qr</c> right after it, <c>ready</c> once
    /// scanned), and the queue may deliver them in any order. So a code is not held to the status seq: it is applied
    /// unless a newer code is stored or the number was linked or stopped after it. True when applied or a redelivery.
    /// One point read + one conditional write.
    /// </summary>
    private async Task<bool> ApplyCodeAsync(EngineEnvelope e, Func<Session, Session> change, CancellationToken ct)
    {
        var seq = e.Seq ?? 0;
        var current = false;
        await sessions.UpdateAsync(e.SessionId, s =>
        {
            current = seq == s.CodeSeq || (seq > s.CodeSeq && !(s.IsLinkedOff && s.Seq > seq));
            return current && seq != s.CodeSeq ? change(s) with { CodeSeq = seq } : null;
        }, ct).ConfigureAwait(false);
        return current;
    }

    /// <summary>Not seq-guarded: a warning is not superseded by a later status. Point read + write.</summary>
    public async Task WarningAsync(EngineEnvelope e, CancellationToken ct)
    {
        var session = await sessions.UpdateAsync(e.SessionId,
            s => s with { Warning = e.String("kind"), WarningDetail = e.String("detail"), WarningUntil = e.Long("until") }, ct).ConfigureAwait(false);
        if (session is not null)
            await RecordAsync(e, "session.warning", new SessionWarningEventData(e.String("kind") ?? "", e.String("detail"), e.Long("until")), ct);
    }

    private Task RecordAsync(EngineEnvelope e, string type, object data, CancellationToken ct) =>
        outbox.RecordAsync(new DomainEvent(e.EventId(), type, e.SessionId, e.At, data), ct);
}

/// <summary>
/// <c>session.connected</c> (<see cref="Status"/> <c>ready</c>, with the number's <see cref="Phone"/>),
/// <c>session.disconnected</c> (<c>disconnected</c> or <c>failed</c>) and <c>session.logged_out</c>: the engine's
/// <see cref="Reason"/> and WhatsApp's disconnect <see cref="Code"/> when it has them.
/// </summary>
public sealed record SessionStatusEventData(string Status, string? Reason, long? Code, string? Phone);

/// <summary><c>session.qr</c>: the text to show as a QR code, until <see cref="ExpiresAt"/> (unix seconds).</summary>
public sealed record SessionQrEventData(string Qr, long ExpiresAt);

/// <summary><c>session.warning</c>: WhatsApp limited the number (<see cref="Kind"/> e.g. <c>reachout_timelock</c>), until <see cref="Until"/> (unix seconds) when known.</summary>
public sealed record SessionWarningEventData(string Kind, string? Detail, long? Until);
