using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WaFunctions.Engine;
using WaFunctions.Events;
using WaFunctions.Messages;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

/// <summary>
/// Every receipt the engine reports is recorded and fanned out once, whatever order the queue hands them over in and
/// wherever a crash interrupts a handler: the message-events handler called directly on real storage, with an outbox
/// that can fail like a process dying between storing a report and recording its event.
/// </summary>
public sealed class ReceiptFanOutTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly RecordingOutbox _outbox = new();
    private ServiceProvider _services = null!;

    private sealed class RecordingOutbox : IEventOutbox
    {
        public ConcurrentQueue<DomainEvent> Recorded { get; } = new();
        public string? FailNext { get; set; }

        public Task RecordAsync(DomainEvent e, CancellationToken ct)
        {
            if (FailNext == e.Type)
            {
                FailNext = null;
                throw new IOException("the process died here");
            }
            Recorded.Enqueue(e);
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _services = await AppServices.BuildAsync(_azurite, s => s.AddSingleton<IEventOutbox>(_outbox));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private MessageEvents Handler => _services.GetRequiredService<MessageEvents>();

    private async Task<string> StoredOutboundAsync(string sessionId, string chatId)
    {
        var cmid = Guid.NewGuid().ToString("N");
        var id = MessageRecord.OutboundId(sessionId, cmid);
        await _services.GetRequiredService<MessageStore>().AddOrGetAsync(
            MessageRecord.Outbound(id, sessionId, chatId, "chat", "hello", "4915100000001@s.whatsapp.net", 1_751_193_300, cmid, null), default);
        return id;
    }

    private static EngineEnvelope Event(string type, string sessionId, long seq, object data) => EngineEnvelope.TryParse(JsonSerializer.Serialize(new
    {
        v = 1, id = Guid.NewGuid().ToString(), type, sessionId, at = DateTimeOffset.UtcNow.ToString("O"), seq, data,
    }, JsonSerializerOptions.Web))!;

    private List<(string Type, string Status, string? Receipt, string? Participant)> EventsOf(string messageId) => _outbox.Recorded
        .Where(e => e.Data is MessageDetailView v && v.Id == messageId)
        .Select(e => (e.Type, ((MessageDetailView)e.Data).Status!, ((MessageDetailView)e.Data).Receipt?.Status, ((MessageDetailView)e.Data).Receipt?.Participant)).ToList();

    private IEnumerable<IGrouping<string, DomainEvent>> IdsOf(string messageId) =>
        _outbox.Recorded.Where(e => e.Data is MessageDetailView v && v.Id == messageId).GroupBy(e => e.Type);

    [Fact]
    public async Task A_delivered_receipt_interrupted_before_its_event_and_overtaken_by_read_is_still_fanned_out_on_redelivery()
    {
        const string session = "nfan001";
        var chat = "4915112340001@s.whatsapp.net";
        var id = await StoredOutboundAsync(session, chat);
        await Handler.SentAsync(Event("message.sent", session, 10, new { clientMessageId = "c", messageId = id, to = chat, timestamp = 1_751_193_301 }), default);

        var delivered = Event("message.status", session, 11, new { messageId = id, chatId = chat, status = "delivered", timestamp = 1_751_193_302 });
        _outbox.FailNext = "message.delivered";
        await Assert.ThrowsAsync<IOException>(() => Handler.StatusAsync(delivered, default)); // stored, then the process died
        await Handler.StatusAsync(Event("message.status", session, 12, new { messageId = id, chatId = chat, status = "read", timestamp = 1_751_193_303 }), default);
        await Handler.StatusAsync(delivered, default); // the queue hands the unfinished report over again

        Assert.Equal(
            [("message.sent", "sent", null, null), ("message.read", "read", "read", null), ("message.delivered", "read", "delivered", null)],
            EventsOf(id));
        var stored = (await _services.GetRequiredService<MessageStore>().GetAsync(id, session, default))!.Value.Message;
        Assert.Equal("read", stored.Status);
    }

    [Fact]
    public async Task Redelivered_and_reordered_receipts_keep_one_event_id_each_and_carry_the_current_status()
    {
        const string session = "nfan002";
        var chat = "4915112340002@s.whatsapp.net";
        var id = await StoredOutboundAsync(session, chat);
        var read = Event("message.status", session, 22, new { messageId = id, chatId = chat, status = "read", timestamp = 3 });
        var delivered = Event("message.status", session, 21, new { messageId = id, chatId = chat, status = "delivered", timestamp = 2 });
        var sent = Event("message.sent", session, 20, new { clientMessageId = "c", messageId = id, to = chat, timestamp = 1 });
        foreach (var e in new[] { read, delivered, read, sent, delivered, sent })
            await (e.Type == "message.sent" ? Handler.SentAsync(e, default) : Handler.StatusAsync(e, default));
        // A replay of the send report under a new envelope (the engine's duplicate: true) is the same event too.
        await Handler.SentAsync(Event("message.sent", session, 40, new { clientMessageId = "c", messageId = id, to = chat, timestamp = 1, duplicate = true }), default);

        var byType = IdsOf(id).ToDictionary(g => g.Key, g => g.Select(e => e.Id).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["message.sent"] = 1, ["message.delivered"] = 1, ["message.read"] = 1 }, byType);
        Assert.All(EventsOf(id), e => Assert.Equal("read", e.Status));
    }

    [Fact]
    public async Task In_a_group_each_members_receipt_is_its_own_event()
    {
        const string session = "nfan003";
        var group = "120363000000000123@g.us";
        var id = await StoredOutboundAsync(session, group);
        string[] members = ["4915112340031@s.whatsapp.net", "4915112340032@s.whatsapp.net"];
        var seq = 30;
        foreach (var member in members)
            foreach (var status in new[] { "delivered", "read" })
            {
                var e = Event("message.status", session, ++seq, new { messageId = id, chatId = group, status, participant = member, timestamp = seq });
                await Handler.StatusAsync(e, default);
                await Handler.StatusAsync(e, default); // redelivered
            }
        var events = EventsOf(id);
        Assert.Equal(4, IdsOf(id).SelectMany(g => g.Select(e => e.Id)).Distinct().Count());
        Assert.Equal(members.SelectMany(m => new[] { ("message.delivered", m), ("message.read", m) }).Order(),
            events.Select(e => (e.Type, e.Participant!)).Distinct().Order());
    }
}
