using Azure.Data.Tables;
using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

/// <summary>The engine-events handler, fed crafted events on the real queue of the shared app.</summary>
[Collection(ApiCollection.Name)]
public sealed class EngineEventsTests(ApiFixture api)
{
    private readonly EngineBus _bus = new(api.Storage);

    internal static string Phone() => "1555" + Random.Shared.NextInt64(1_000_000, 9_999_999);

    private async Task<string> NewSessionAsync()
    {
        var created = await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { name = "events test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await ApiFixture.JsonAsync(created)).GetProperty("data").GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> SessionAsync(string id) =>
        (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/sessions/{id}", ApiFixture.AdminKey))).GetProperty("data");

    internal async Task<string> ReadySessionAsync(string phone)
    {
        var id = await NewSessionAsync();
        await _bus.SendAsync("session.status", id, 1, EngineBus.Ready(phone));
        await Wait.UntilAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(20), "ready");
        return id;
    }

    private async Task<JsonElement[]> ChatsAsync(string sessionId, string query = "") =>
        [.. (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/chats?sessionId={sessionId}{query}", ApiFixture.AdminKey))).GetProperty("data").EnumerateArray()];

    private async Task<JsonElement[]> HistoryAsync(string sessionId, string chatId) =>
        [.. (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/chats/{chatId}/messages?sessionId={sessionId}", ApiFixture.AdminKey))).GetProperty("data").EnumerateArray()];

    [Fact]
    public async Task Session_status_and_qr_are_stored_and_older_seqs_are_ignored()
    {
        var id = await NewSessionAsync();
        Assert.Equal("new", (await SessionAsync(id)).GetProperty("status").GetString());
        var expires = DateTimeOffset.UtcNow.AddSeconds(60).ToUnixTimeSeconds();
        await _bus.SendAsync("session.status", id, 2, new { status = "qr" });
        await _bus.SendAsync("session.qr", id, 3, new { qr = "2@qr-text-" + id, expiresAt = expires });
        var qr = await Wait.UntilAsync(async () =>
        {
            var r = await api.Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr", ApiFixture.AdminKey);
            return r.IsSuccessStatusCode ? (await ApiFixture.JsonAsync(r)).GetProperty("data").GetRawText() : null;
        }, TimeSpan.FromSeconds(20), "the QR");
        var qrData = JsonDocument.Parse(qr).RootElement;
        Assert.Equal("2@qr-text-" + id, qrData.GetProperty("qr").GetString());
        Assert.Equal(expires, qrData.GetProperty("expiresAt").GetInt64());
        var png = await api.Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr?format=png", ApiFixture.AdminKey);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);

        var phone = Phone();
        var ready = await _bus.SendAsync("session.status", id, 10, EngineBus.Ready(phone, "Front desk"));
        await Wait.UntilAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(20), "ready");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr", ApiFixture.AdminKey), 409, "session_ready");

        // Older events arrive late, and the ready event is delivered a second time.
        await _bus.SendAsync("session.status", id, 4, new { status = "disconnected", reason = "connection_closed", code = 428 });
        await _bus.SendAsync("session.qr", id, 5, new { qr = "2@stale", expiresAt = expires });
        var before = (await SessionAsync(id)).GetProperty("updatedAt").GetString();
        await _bus.RedeliverAsync(ready);
        await _bus.DrainedAsync();

        var session = await SessionAsync(id);
        Assert.Equal("ready", session.GetProperty("status").GetString());
        Assert.Equal(phone, session.GetProperty("phone").GetString());
        Assert.Equal("Front desk", session.GetProperty("pushName").GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("reason").ValueKind);
        Assert.False(session.GetProperty("qrAvailable").GetBoolean());
        Assert.Equal(before, session.GetProperty("updatedAt").GetString());

        // A newer disconnect applies.
        await _bus.SendAsync("session.status", id, 11, new { status = "disconnected", reason = "connection_lost", code = 408 });
        await Wait.UntilAsync(async () => (await SessionAsync(id)).GetProperty("reason").GetString() == "connection_lost", TimeSpan.FromSeconds(20), "the disconnect");
    }

    [Fact]
    public async Task A_code_delivered_after_the_status_that_follows_it_is_still_shown_but_never_after_linking()
    {
        // The engine publishes the pairing code (seq 2) and then the "qr" status (seq 3); the queue delivers them reversed.
        var id = await NewSessionAsync();
        await _bus.SendAsync("session.status", id, 1, new { status = "starting" });
        await _bus.SendAsync("session.status", id, 3, new { status = "qr" });
        await Wait.UntilAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "qr", TimeSpan.FromSeconds(20), "qr status");
        var expires = DateTimeOffset.UtcNow.AddMinutes(3).ToUnixTimeSeconds();
        await _bus.SendAsync("session.pairing_code", id, 2, new { code = "ABCD1234", expiresAt = expires });
        await Wait.UntilAsync(async () => (await SessionAsync(id)).GetProperty("pairingCode").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(20), "the pairing code to be shown");
        Assert.Equal("ABCD1234", (await SessionAsync(id)).GetProperty("pairingCode").GetString());

        // Linked at seq 10; a code from before that (seq 9) arriving late must not bring a code back.
        await _bus.SendAsync("session.status", id, 10, EngineBus.Ready(Phone()));
        await Wait.UntilAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(20), "ready");
        await _bus.SendAsync("session.qr", id, 9, new { qr = "2@late", expiresAt = expires });
        await _bus.DrainedAsync();
        var linked = await SessionAsync(id);
        Assert.False(linked.GetProperty("qrAvailable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, linked.GetProperty("pairingCode").ValueKind);
    }

    [Fact]
    public async Task Inbound_messages_build_chats_and_history_and_a_duplicate_changes_nothing()
    {
        var sessionId = await ReadySessionAsync(Phone());
        var chatA = Phone() + "@s.whatsapp.net";
        var chatB = Phone() + "@s.whatsapp.net";
        var first = await _bus.SendAsync("message.received", sessionId, 20, EngineBus.Inbound("IN1" + sessionId, chatA, "Hello", 1_751_193_000, "Asha Rao"));
        await _bus.SendAsync("message.received", sessionId, 21, EngineBus.Inbound("IN2" + sessionId, chatB, "Other chat", 1_751_193_100, "Ravi"));
        await _bus.SendAsync("message.received", sessionId, 22, EngineBus.Inbound("IN3" + sessionId, chatA, "Refund please", 1_751_193_300, "Asha Rao"));
        await Wait.UntilAsync(async () => (await ChatsAsync(sessionId)) is [{ } top, _] && top.GetProperty("unreadCount").GetInt32() == 2,
            TimeSpan.FromSeconds(20), "both chats");
        await _bus.RedeliverAsync(first);
        await _bus.DrainedAsync();

        var chats = await ChatsAsync(sessionId);
        Assert.Equal([chatA, chatB], chats.Select(c => c.GetProperty("chatId").GetString()));
        var a = chats[0];
        // The contract's fields, then the chat's tags.
        Assert.Equal(["sessionId", "chatId", "name", "isGroup", "status", "assignee", "assigneeName", "unreadCount", "lastMessage", "lastTimestamp", "tags"],
            a.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, a.GetProperty("tags").GetArrayLength());
        Assert.Equal(sessionId, a.GetProperty("sessionId").GetString());
        Assert.Equal("Asha Rao", a.GetProperty("name").GetString());
        Assert.False(a.GetProperty("isGroup").GetBoolean());
        Assert.Equal("open", a.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("assignee").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("assigneeName").ValueKind);
        Assert.Equal(2, a.GetProperty("unreadCount").GetInt32());
        Assert.Equal("Refund please", a.GetProperty("lastMessage").GetString());
        Assert.Equal(1_751_193_300, a.GetProperty("lastTimestamp").GetInt64());

        var history = await HistoryAsync(sessionId, chatA);
        Assert.Equal(["IN3" + sessionId, "IN1" + sessionId], history.Select(m => m.GetProperty("messageId").GetString()));
        var m = history[0];
        // The seed's fields first and unchanged; the full view of the message follows them.
        Assert.Equal(["messageId", "sessionId", "chatId", "body", "type", "author", "fromMe", "hasMedia", "timestamp"], m.EnumerateObject().Select(p => p.Name).Take(9));
        Assert.Equal(("text", JsonValueKind.Null, 0), (m.GetProperty("kind").GetString(), m.GetProperty("status").ValueKind, m.GetProperty("reactions").GetArrayLength()));
        Assert.Equal("Refund please", m.GetProperty("body").GetString());
        Assert.Equal("chat", m.GetProperty("type").GetString());
        Assert.Equal(chatA, m.GetProperty("author").GetString());
        Assert.False(m.GetProperty("fromMe").GetBoolean());
        Assert.False(m.GetProperty("hasMedia").GetBoolean());
        Assert.Equal(1_751_193_300, m.GetProperty("timestamp").GetInt64());

        // Paging: one chat per page, newest first, then nothing more.
        var page1 = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/chats?sessionId={sessionId}&limit=1", ApiFixture.AdminKey));
        Assert.Equal(chatA, page1.GetProperty("data")[0].GetProperty("chatId").GetString());
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/chats?sessionId={sessionId}&limit=1&cursor={cursor}", ApiFixture.AdminKey));
        Assert.Equal(chatB, page2.GetProperty("data")[0].GetProperty("chatId").GetString());
        var older = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/chats/{chatA}/messages?sessionId={sessionId}&limit=1", ApiFixture.AdminKey));
        var before = older.GetProperty("nextCursor").GetString();
        var olderPage = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/chats/{chatA}/messages?sessionId={sessionId}&limit=1&before={before}", ApiFixture.AdminKey));
        Assert.Equal("IN1" + sessionId, olderPage.GetProperty("data")[0].GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task Receipts_before_the_send_report_leave_the_message_read_and_the_chat_counts_it_once()
    {
        var sessionId = await ReadySessionAsync(Phone());
        var to = Phone();
        var sent = await api.Send(HttpMethod.Post, "api/v1/messages", ApiFixture.AdminKey, new { to, text = "Your order shipped", from = sessionId });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var answer = await ApiFixture.JsonAsync(sent);
        Assert.Equal(["status", "to", "from", "id"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("sent", answer.GetProperty("status").GetString());
        Assert.Equal(to + "@s.whatsapp.net", answer.GetProperty("to").GetString());
        Assert.Equal(sessionId, answer.GetProperty("from").GetString());
        var id = answer.GetProperty("id").GetString()!;
        Assert.Equal("queued", (await MessageAsync(id)).GetProperty("status").GetString());

        var chatId = to + "@s.whatsapp.net";
        await _bus.SendAsync("message.status", sessionId, 31, new { messageId = id, chatId, status = "delivered", timestamp = 1_751_200_001 });
        await _bus.SendAsync("message.status", sessionId, 32, new { messageId = id, chatId, status = "read", timestamp = 1_751_200_002 });
        await Wait.UntilAsync(async () => (await MessageAsync(id)).GetProperty("status").GetString() == "read", TimeSpan.FromSeconds(20), "read");
        var report = await _bus.SendAsync("message.sent", sessionId, 30, new { clientMessageId = "unused", messageId = id, to = chatId, timestamp = 1_751_200_000 });
        await Wait.UntilAsync(async () => (await HistoryAsync(sessionId, chatId)).Length == 1, TimeSpan.FromSeconds(20), "the sent message in the history");
        await _bus.RedeliverAsync(report);
        await _bus.SendAsync("message.sent", sessionId, 40, new { clientMessageId = "unused", messageId = id, to = chatId, timestamp = 1_751_200_000, duplicate = true });
        await _bus.DrainedAsync();

        var message = await MessageAsync(id);
        Assert.Equal("read", message.GetProperty("status").GetString());
        Assert.Equal(1_751_200_000, message.GetProperty("timestamp").GetInt64());
        Assert.Equal("Your order shipped", message.GetProperty("body").GetString());
        var history = await HistoryAsync(sessionId, chatId);
        var only = Assert.Single(history);
        Assert.True(only.GetProperty("fromMe").GetBoolean());
        var chat = Assert.Single(await ChatsAsync(sessionId));
        Assert.Equal(0, chat.GetProperty("unreadCount").GetInt32());
        Assert.Equal("Your order shipped", chat.GetProperty("lastMessage").GetString());
    }

    [Fact]
    public async Task A_failed_send_shows_its_reason()
    {
        var sessionId = await ReadySessionAsync(Phone());
        var sent = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/messages", ApiFixture.AdminKey, new { to = "+1 555 000-1000", text = "hi", from = sessionId }));
        var id = sent.GetProperty("id").GetString()!;
        // The engine reports failures by clientMessageId; the API derived the message id from it.
        var clientMessageId = await ClientMessageIdAsync(id, sessionId);
        await _bus.SendAsync("message.failed", sessionId, 50, new { clientMessageId, error = "not_on_whatsapp", retryable = false });
        await Wait.UntilAsync(async () => (await MessageAsync(id)).GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(20), "failed");
        Assert.Equal("not_on_whatsapp", (await MessageAsync(id)).GetProperty("reason").GetString());
        Assert.Empty(await ChatsAsync(sessionId));
    }

    private async Task<string> ClientMessageIdAsync(string messageId, string sessionId)
    {
        var row = await api.Storage.Table("messagesbyid").GetEntityAsync<TableEntity>(messageId, sessionId);
        return row.Value.GetString("ClientMessageId")!;
    }

    private async Task<JsonElement> MessageAsync(string id) =>
        (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/messages/{id}", ApiFixture.AdminKey))).GetProperty("data");
}
