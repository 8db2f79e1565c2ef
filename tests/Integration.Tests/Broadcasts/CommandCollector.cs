using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using WaFunctions.Storage;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>One command the app put on <c>engine-commands</c>.</summary>
internal sealed record SentCommand(string Type, string SessionId, string? ClientMessageId, string? To, string? Text, int? TypingMs, DateTimeOffset At);

/// <summary>
/// Plays the engine-host: drains <c>engine-commands</c> of one storage account and keeps every command, so tests count
/// exactly what the app enqueued (nothing is sent anywhere), and answers each <c>message.send</c> with the
/// <c>message.sent</c> report the engine would publish — except for sessions a test keeps <see cref="Silent"/>, whose
/// reports it sends itself.
/// </summary>
internal sealed class CommandCollector : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly EngineBus _bus;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _seq = 100_000;
    public ConcurrentQueue<SentCommand> Commands { get; } = new();
    public ConcurrentDictionary<string, bool> Silent { get; } = new();

    public CommandCollector(StorageClients storage)
    {
        _queue = storage.Queue("engine-commands");
        _bus = new EngineBus(storage);
        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<SentCommand> Sends(string sessionId) =>
        Commands.Where(c => c.Type == "message.send" && c.SessionId == sessionId).ToList();

    public IReadOnlyList<SentCommand> SendsOf(string broadcastId) =>
        Commands.Where(c => c.Type == "message.send" && c.ClientMessageId?.StartsWith("bc_" + broadcastId + "_", StringComparison.Ordinal) == true).ToList();

    private async Task LoopAsync()
    {
        await _queue.CreateIfNotExistsAsync();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var batch = (await _queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), _stop.Token)).Value;
                foreach (var m in batch)
                {
                    var command = Parse(m.MessageText);
                    Commands.Enqueue(command);
                    if (command is { Type: "message.send", ClientMessageId: { } cmid } && !Silent.ContainsKey(command.SessionId))
                        await _bus.SendAsync("message.sent", command.SessionId, Interlocked.Increment(ref _seq), new
                        {
                            clientMessageId = cmid, messageId = WaFunctions.Messages.MessageRecord.OutboundId(command.SessionId, cmid),
                            to = command.To, timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                        });
                    await _queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }
                if (batch.Length == 0) await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException) { break; }
            catch (Exception e) when (StorageFault.Is(e)) { await Task.Delay(200); }
        }
    }

    private static SentCommand Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        var d = r.GetProperty("data");
        string? S(JsonElement e, string n) => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new SentCommand(r.GetProperty("type").GetString()!, r.GetProperty("sessionId").GetString()!, S(d, "clientMessageId"), S(d, "to"),
            d.TryGetProperty("content", out var c) ? S(c, "text") : null,
            d.TryGetProperty("options", out var o) && o.TryGetProperty("typingMs", out var t) ? t.GetInt32() : null,
            DateTimeOffset.Parse(r.GetProperty("at").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _loop; } catch (OperationCanceledException) { }
    }
}
