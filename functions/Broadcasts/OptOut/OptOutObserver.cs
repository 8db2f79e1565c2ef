namespace WaFunctions.Broadcasts.OptOut;

/// <summary>
/// Called by the engine-events handler for every inbound message: a person's 1:1 text that is exactly a stop word
/// (<c>WA_STOP_WORDS</c>, trimmed, case-insensitive) puts them on the suppression list. One upsert when it matches,
/// nothing otherwise; idempotent.
/// </summary>
public sealed class OptOutObserver(SuppressionStore suppressions, BroadcastSettings settings)
{
    public Task ObserveAsync(string sessionId, string chatId, string messageId, bool fromMe, bool isGroup, string body, CancellationToken ct) =>
        fromMe || isGroup || !settings.IsStopWord(body)
            ? Task.CompletedTask
            : suppressions.AddAsync(chatId, sessionId, messageId, body.Trim().ToUpperInvariant(), ct);
}
