using System.Text.Json;
using WaFunctions.Storage;

namespace WaFunctions.Broadcasts.Tick;

/// <summary>
/// Queue <c>broadcast-ticks</c>. A tick message is <c>{"broadcastId":"b_…"}</c> and nothing else: the state row says which
/// tick message is the live one (<see cref="Broadcast.Tick"/> = its queue message id), so duplicates are recognised.
/// </summary>
public sealed class BroadcastTicks(StorageClients storage)
{
    public const string QueueName = "broadcast-ticks";

    private sealed record TickMessage(string BroadcastId);

    /// <summary>One queue send; the message appears after <paramref name="visibility"/>. Returns its message id.</summary>
    public async Task<string> SendAsync(string broadcastId, TimeSpan visibility, CancellationToken ct)
    {
        var receipt = await storage.Queue(QueueName).SendMessageAsync(JsonSerializer.Serialize(new TickMessage(broadcastId), JsonSerializerOptions.Web),
            visibility, TimeSpan.FromSeconds(-1), ct).ConfigureAwait(false);
        return receipt.Value.MessageId;
    }

    public static string? Parse(string text)
    {
        try { return JsonSerializer.Deserialize<TickMessage>(text, JsonSerializerOptions.Web)?.BroadcastId; }
        catch (JsonException) { return null; }
    }
}
