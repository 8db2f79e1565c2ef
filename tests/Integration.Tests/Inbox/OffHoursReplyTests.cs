using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Broadcasts;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>
/// The off-hours auto-reply is sent once per conversation and off-hours period, with two app processes taking the
/// engine events of one storage account and every event delivered more than once: one clientMessageId ever reaches
/// the engine (whose send dedup then delivers one message), and the chat's history holds one reply.
/// </summary>
public sealed class OffHoursReplyTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private FunctionsProcess _one = null!, _two = null!;
    private CommandCollector _engine = null!;
    private EngineBus _bus = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _bus = new EngineBus(_azurite.Storage);
        _engine = new CommandCollector(_azurite.Storage);
        _one = FunctionsProcess.Start("WaFunctions", _azurite.ConnectionString, InboxFixture.Settings);
        _two = FunctionsProcess.Start("WaFunctions", _azurite.ConnectionString, InboxFixture.Settings);
        await Task.WhenAll(_one.WaitUntilReadyAsync(), _two.WaitUntilReadyAsync());
        await Wait.UntilAsync(async () => (await InboxFixture.Send(_one, HttpMethod.Get, "api/v1/agents")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key");
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
        await _engine.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private static async Task<JsonElement> Data(FunctionsProcess app, HttpMethod method, string path, object? body = null, HttpStatusCode expect = HttpStatusCode.OK)
    {
        var response = await InboxFixture.Send(app, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expect, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task One_reply_per_conversation_and_period_across_redeliveries_and_two_processes()
    {
        var session = (await Data(_one, HttpMethod.Post, "api/v1/sessions", new { name = "off hours" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await _bus.SendAsync("session.status", session, 1, EngineBus.Ready(InboxFixture.Phone()));
        await Wait.UntilAsync(async () => (await Data(_two, HttpMethod.Get, $"api/v1/sessions/{session}")).GetProperty("status").GetString() == "ready",
            TimeSpan.FromSeconds(20), "ready");
        // Closed today and tomorrow (holidays), whatever the hour: one off-hours period until the day after tomorrow.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var allDay = new[] { new { start = "00:00", end = "24:00" } };
        await Data(_one, HttpMethod.Patch, $"api/v1/sessions/{session}/routing", new
        {
            businessHours = new
            {
                timeZone = "UTC",
                days = new { mon = allDay, tue = allDay, wed = allDay, thu = allDay, fri = allDay, sat = allDay, sun = allDay },
                holidays = new[] { today.ToString("yyyy-MM-dd"), today.AddDays(1).ToString("yyyy-MM-dd") },
            },
            offHoursReply = new { text = "We are closed; we answer tomorrow." },
        });

        var chats = new[] { InboxFixture.ChatOf(InboxFixture.Phone()), InboxFixture.ChatOf(InboxFixture.Phone()) };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var raw = new List<string>();
        for (var i = 0; i < 12; i++)
            raw.Add(await _bus.SendAsync("message.received", session, 10 + i, EngineBus.Inbound($"OH{i}{session}", chats[i % 2], $"Hello {i}", now + i)));
        foreach (var text in raw) await _bus.RedeliverAsync(text);
        foreach (var text in raw.Take(4)) await _bus.RedeliverAsync(text);
        await _bus.DrainedAsync();

        foreach (var chat in chats)
        {
            // Each chat: one clientMessageId handed to the engine (it may be handed over again; the engine sends it once) ...
            var replies = await Wait.UntilAsync(() => Task.FromResult(_engine.Sends(session).Where(c => c.To == chat).ToList() is { Count: > 0 } r ? r : null),
                TimeSpan.FromSeconds(30), "the auto-reply");
            await _bus.DrainedAsync();
            replies = _engine.Sends(session).Where(c => c.To == chat).ToList();
            Assert.Single(replies.Select(r => r.ClientMessageId).Distinct());
            // Handed over again only when the message that decided it was delivered again (3 times here, more if a 2 s queue
            // lease ran out on a busy machine), never once per message: that would be 6 or more for the chat's 6 messages.
            Assert.InRange(replies.Count, 1, 5);
            Assert.Equal("We are closed; we answer tomorrow.", replies[0].Text);
            // ... and one message of ours in its history, the reply.
            var history = await Wait.UntilAsync(async () =>
                (await Data(_two, HttpMethod.Get, $"api/v1/chats/{chat}/messages?sessionId={session}&limit=100")).EnumerateArray().ToList() is { } h
                    && h.Count(m => m.GetProperty("fromMe").GetBoolean()) == 1 ? h : null, TimeSpan.FromSeconds(30), "the reply in the history");
            Assert.Equal(6, history.Count(m => !m.GetProperty("fromMe").GetBoolean()));
            var conversation = await Data(_one, HttpMethod.Get, $"api/v1/chats/{chat}?sessionId={session}");
            Assert.Equal(6, conversation.GetProperty("unreadCount").GetInt32());
        }

        // The next conversation of a chat (after closing) gets its own reply in the same period.
        await Data(_one, HttpMethod.Patch, $"api/v1/chats/{chats[0]}?sessionId={session}", new { status = "closed" });
        await _bus.SendAsync("message.received", session, 40, EngineBus.Inbound($"OHnext{session}", chats[0], "Me again", now + 20));
        await Wait.UntilAsync(() => Task.FromResult(_engine.Sends(session).Where(c => c.To == chats[0]).Select(c => c.ClientMessageId).Distinct().Count() == 2),
            TimeSpan.FromSeconds(30), "the second conversation's reply");
    }
}
