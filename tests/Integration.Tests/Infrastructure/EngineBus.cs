using System.Text.Json;
using Azure.Storage.Queues;
using WaFunctions.Storage;

namespace WaFunctions.Tests.Infrastructure;

/// <summary>Plays the engine-host's part on the bus: crafted v1 events onto <c>engine-events</c>.</summary>
internal sealed class EngineBus(StorageClients storage)
{
    private readonly QueueClient _events = storage.Queue("engine-events");
    private readonly QueueClient _commands = storage.Queue("engine-commands");

    /// <summary>Sends an event and returns its raw text, so a test can deliver the very same message again.</summary>
    public async Task<string> SendAsync(string type, string sessionId, long seq, object data, string? id = null)
    {
        var text = JsonSerializer.Serialize(new
        {
            v = 1, id = id ?? Guid.NewGuid().ToString(), type, sessionId, at = DateTimeOffset.UtcNow.ToString("O"), seq, data,
        }, JsonSerializerOptions.Web);
        await RedeliverAsync(text);
        return text;
    }

    public async Task RedeliverAsync(string text) => await _events.SendMessageAsync(text);

    /// <summary>A command straight onto <c>engine-commands</c>, as the app would send it (a test plays the app's part).</summary>
    public async Task SendCommandAsync(string type, string sessionId, object data) =>
        await _commands.SendMessageAsync(JsonSerializer.Serialize(new { v = 1, id = Guid.NewGuid().ToString(), type, sessionId, at = DateTimeOffset.UtcNow.ToString("O"), data }, JsonSerializerOptions.Web));

    /// <summary>Until every event sent so far was handled and deleted (the count includes messages being handled).</summary>
    public Task DrainedAsync() => Wait.UntilAsync(async () => (await _events.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
        TimeSpan.FromSeconds(30), "engine-events to be drained");

    public static object Ready(string phone, string name = "Shop") => new { status = "ready", me = new { id = phone + ":1@s.whatsapp.net", phone, name } };

    public static object Inbound(string id, string chatId, string body, long timestamp, string? pushName = null, bool fromMe = false) => new
    {
        message = new
        {
            id, chatId, from = chatId, pushName, fromMe, isGroup = chatId.EndsWith("@g.us"), timestamp, type = "text", body,
        },
    };
}
