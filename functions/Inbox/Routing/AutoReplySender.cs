using System.Security.Cryptography;
using System.Text;
using WaFunctions.Engine;
using WaFunctions.Messages;
using WaFunctions.Sessions;

namespace WaFunctions.Inbox.Routing;

/// <summary>
/// Sends an off-hours auto-reply like any send of ours: counted against the number's daily cap, stored as a queued
/// message, handed to the engine. Its clientMessageId is derived from (number, chat, conversation, off-hours period), so
/// however often it is sent — a redelivered event, two processes — the cap counts it once, the message row is one and
/// the engine-host's send dedup delivers one message. Round trips: the session (point read), the cap reservation (see
/// <see cref="MessageStore.CountSendAsync"/>), one insert, one queue send.
/// </summary>
public sealed class AutoReplySender(SessionStore sessions, MessageStore messages, EngineCommands engine, TimeProvider clock, ILogger<AutoReplySender> logger)
{
    private const string Prefix = "ar_";

    public static string ClientMessageId(string sessionId, string chatId, string key) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sessionId}\n{chatId}\n{key}")))[..24];

    public static bool IsAutoReply(string? clientMessageId) => clientMessageId?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public async Task SendAsync(string sessionId, string chatId, string key, string text, CancellationToken ct)
    {
        if ((await sessions.GetAsync(sessionId, ct).ConfigureAwait(false))?.Session is not { IsReady: true } session)
        {
            logger.LogWarning("Off-hours auto-reply to {Chat} not sent: number {Session} is not ready", chatId, sessionId);
            return;
        }
        var clientMessageId = ClientMessageId(sessionId, chatId, key);
        var now = clock.GetUtcNow();
        if (await messages.CountSendAsync(session, clientMessageId, now, ct).ConfigureAwait(false) is { Granted: false } slot)
        {
            logger.LogWarning("Off-hours auto-reply to {Chat} not sent: number {Session} reached its daily cap of {Cap}", chatId, sessionId, slot.Cap);
            return;
        }
        await messages.AddOrGetAsync(new MessageRecord(MessageRecord.OutboundId(session.Id, clientMessageId), session.Id, chatId, FromMe: true, "chat", text,
            Jid.WithoutDevice(session.Jid), HasMedia: false, now.ToUnixTimeSeconds(), DeliveryStatus.Queued, 0, null, null, clientMessageId, null, false), ct).ConfigureAwait(false);
        await engine.SendTextAsync(session.Id, clientMessageId, chatId, text, ct).ConfigureAwait(false);
    }
}
