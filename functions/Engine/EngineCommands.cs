using System.Text.Json;
using WaFunctions.Storage;

namespace WaFunctions.Engine;

/// <summary>
/// Sends commands to the engine-host over <c>engine-commands</c> (one queue send each; the client
/// base64-encodes). Commands for one session run in arrival order on the engine side.
/// </summary>
public sealed class EngineCommands(StorageClients storage, TimeProvider clock)
{
    /// <summary>Read by the engine-host, not by a trigger of this app.</summary>
    public const string QueueName = "engine-commands";

    /// <summary>Optional fields are left out rather than sent as null (the engine validates field types strictly).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public Task StartSessionAsync(string sessionId, string? pairingPhone, CancellationToken ct) =>
        SendAsync("session.start", sessionId, pairingPhone is null ? new { } : new { pairingPhone }, ct);

    public Task StopSessionAsync(string sessionId, CancellationToken ct) => SendAsync("session.stop", sessionId, new { }, ct);

    public Task LogoutSessionAsync(string sessionId, CancellationToken ct) => SendAsync("session.logout", sessionId, new { }, ct);

    public Task SendTextAsync(string sessionId, string clientMessageId, string to, string text, CancellationToken ct) =>
        SendAsync("message.send", sessionId, new { clientMessageId, to, content = new { kind = "text", text } }, ct);

    /// <summary>A text preceded by "typing…" for <paramref name="typingMs"/> (none when null).</summary>
    public Task SendTextAsync(string sessionId, string clientMessageId, string to, string text, int? typingMs, CancellationToken ct) =>
        SendAsync("message.send", sessionId, new { clientMessageId, to, content = new { kind = "text", text }, options = typingMs is { } t ? new { typingMs = t } : null }, ct);

    /// <summary>A <c>message.send</c> of any kind: <paramref name="content"/> and <paramref name="options"/> in the bus contract's shapes.</summary>
    public Task SendMessageAsync(string sessionId, string clientMessageId, string to, object content, object? options, CancellationToken ct) =>
        SendAsync("message.send", sessionId, new { clientMessageId, to, content, options }, ct);

    /// <summary>Blue ticks for received messages (<c>chat.read</c>, best effort: no answer awaited); in a group each names its author.</summary>
    public Task ReadChatAsync(string sessionId, string chatId, IEnumerable<(string Id, string? Participant)> messages, CancellationToken ct) =>
        SendAsync("chat.read", sessionId, new { chatId, messages = messages.Select(m => new { id = m.Id, participant = m.Participant }).ToList() }, ct);

    public async Task SendAsync(string type, string sessionId, object data, CancellationToken ct)
    {
        var envelope = new
        {
            v = 1,
            id = Guid.NewGuid().ToString(),
            type,
            sessionId,
            at = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            data,
        };
        await storage.Queue(QueueName)
            .SendMessageAsync(JsonSerializer.Serialize(envelope, Json), cancellationToken: ct).ConfigureAwait(false);
    }
}
