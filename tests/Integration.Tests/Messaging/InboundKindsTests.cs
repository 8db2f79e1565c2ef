using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Messaging;

/// <summary>
/// Receiving every kind: someone writes through the simulator (the dev endpoint takes the same content as POST
/// /messages), the engine-host "downloads" the file into Blob storage, and the stored message, its file and its
/// message.received event carry the content — the same bytes, by sha256.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class InboundKindsTests(MessagingFixture fx)
{
    private async Task<JsonElement> ReceivedAsync(string session, string chatId, Func<JsonElement, bool> match, string what)
    {
        var events = await fx.EventsAsync("message.received", d => d.GetProperty("sessionId").GetString() == session && d.GetProperty("chatId").GetString() == chatId && match(d), what);
        return events[0].GetProperty("data");
    }

    [Fact]
    public async Task Every_kind_arrives_with_its_content_and_files_keep_their_sha256()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var from = MessagingFixture.Phone();
        var chat = from + "@s.whatsapp.net";
        var files = new Dictionary<string, byte[]>
        {
            ["image"] = Samples.Jpeg(), ["video"] = Samples.Mp4(), ["audio"] = Samples.Ogg(), ["document"] = Samples.Pdf(), ["sticker"] = Samples.Webp(),
        };
        foreach (var (kind, bytes) in files)
        {
            object media = kind switch
            {
                "image" => new { url = fx.Files.Serve($"in-{session}.jpg", bytes, "image/jpeg"), caption = "broken?" },
                "video" => new { data = Convert.ToBase64String(bytes), caption = "unboxing" },
                "audio" => new { data = Convert.ToBase64String(bytes), ptt = true },
                "document" => new { data = Convert.ToBase64String(bytes), fileName = "receipt.pdf", caption = "receipt", mimetype = "application/pdf" },
                _ => new { data = Convert.ToBase64String(bytes) },
            };
            var body = new Dictionary<string, object> { ["from"] = from, ["name"] = "Asha Rao", [kind] = media };
            await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", body), HttpStatusCode.Accepted);
        }
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from, location = new { latitude = 40.4, longitude = -3.7, name = "Plaza", address = "Sol 1" } }), HttpStatusCode.Accepted);
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from, contact = new { fullName = "Ada", phoneNumber = "+44 20 7946 0000", organization = "AE" } }), HttpStatusCode.Accepted);
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from, poll = new { name = "Which size?", options = new[] { "S", "M", "L" }, selectableCount = 0 } }), HttpStatusCode.Accepted);

        foreach (var (kind, bytes) in files)
        {
            var e = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == kind, $"the {kind}");
            var media = e.GetProperty("media");
            Assert.Equal((MessagingFixture.Sha256(bytes), bytes.Length), (media.GetProperty("sha256").GetString(), media.GetProperty("size").GetInt32()));
            Assert.True(e.GetProperty("hasMedia").GetBoolean());
            var stored = await fx.Data($"api/v1/messages/{e.GetProperty("id").GetString()}");
            Assert.Equal(media.GetRawText(), stored.GetProperty("media").GetRawText()); // the webhook carries the same media object
            var file = await fx.Send(HttpMethod.Get, media.GetProperty("url").GetString()!.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(MessagingFixture.Sha256(bytes), MessagingFixture.Sha256(await file.Content.ReadAsByteArrayAsync()));
            Assert.Equal(media.GetProperty("mimetype").GetString(), file.Content.Headers.ContentType!.ToString());
        }
        var voice = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "audio", "the voice note");
        Assert.Equal(("ptt", true), (voice.GetProperty("type").GetString(), voice.GetProperty("media").GetProperty("ptt").GetBoolean()));
        var document = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "document", "the document");
        Assert.Equal(("receipt.pdf", "receipt"), (MessagingFixture.Str(document, "media", "fileName"), MessagingFixture.Str(document, "media", "caption")));
        var place = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "location", "the location");
        Assert.Equal(("Plaza", "Sol 1", -3.7), (MessagingFixture.Str(place, "location", "name"), MessagingFixture.Str(place, "location", "address"), place.GetProperty("location").GetProperty("longitude").GetDouble()));
        var card = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "contact", "the contact card");
        Assert.Equal(("vcard", "Ada", "442079460000", "AE"), (card.GetProperty("type").GetString(), MessagingFixture.Str(card, "contact", "fullName"),
            MessagingFixture.Str(card, "contact", "phoneNumber"), MessagingFixture.Str(card, "contact", "organization")));
        Assert.Contains("BEGIN:VCARD", MessagingFixture.Str(card, "contact", "vcard"));
        // The card's ORG reaches the stored message as well as the webhook.
        Assert.Equal("AE", MessagingFixture.Str(await fx.Data($"api/v1/messages/{card.GetProperty("id").GetString()}"), "contact", "organization"));
        var poll = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "poll", "the poll");
        Assert.Equal((0, "Which size?"), (poll.GetProperty("poll").GetProperty("selectableCount").GetInt32(), poll.GetProperty("body").GetString()));

        // The chat: named after the sender, every message counted unread once; none is "unknown".
        var chats = await fx.Data($"api/v1/chats?sessionId={session}");
        var row = chats.EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chat);
        Assert.Equal(("Asha Rao", 8), (row.GetProperty("name").GetString(), row.GetProperty("unreadCount").GetInt32()));
        var history = await fx.Data($"api/v1/chats/{chat}/messages?sessionId={session}");
        Assert.DoesNotContain(history.EnumerateArray(), h => h.GetProperty("type").GetString() == "unknown");
    }

    [Fact]
    public async Task Replies_mentions_and_view_once_are_stored_and_a_file_that_cannot_be_downloaded_is_marked()
    {
        var (session, phone) = await fx.LinkedNumberAsync();
        var from = MessagingFixture.Phone();
        var chat = from + "@s.whatsapp.net";
        var ours = await fx.SendMessageAsync(new { to = from, text = "Which colour?", from = session });
        await fx.MessageWhenAsync(ours, m => m.GetProperty("status").GetString() != "queued", "our question sent");
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from, text = $"Blue, @{phone}", replyTo = ours, mentions = new[] { phone } }), HttpStatusCode.Accepted);
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from, image = new { data = Convert.ToBase64String(Samples.Jpeg()) }, viewOnce = true }), HttpStatusCode.Accepted);
        // A file the engine cannot fetch (its blob does not exist): sent straight to the simulator.
        await new EngineBus(fx.Azurite.Storage).SendCommandAsync("sim.inbound", session,
            new { from, content = new { kind = "audio", media = new { blob = $"sim/{session}/missing.ogg", mimetype = "audio/ogg" } } });

        var reply = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "text", "the reply");
        Assert.Equal(ours, MessagingFixture.Str(reply, "replyTo", "messageId"));
        Assert.Equal([phone + "@s.whatsapp.net"], reply.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        var once = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "image", "the view-once image");
        Assert.True(once.GetProperty("viewOnce").GetBoolean());
        var lost = await ReceivedAsync(session, chat, d => d.GetProperty("kind").GetString() == "audio", "the audio that could not be downloaded");
        Assert.True(lost.GetProperty("hasMedia").GetBoolean());
        Assert.Equal(("download_failed", JsonValueKind.Null), (MessagingFixture.Str(lost, "media", "error"), lost.GetProperty("media").GetProperty("url").ValueKind));
        Assert.False(string.IsNullOrEmpty(MessagingFixture.Str(lost, "media", "detail")));
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Get, $"api/v1/messages/{lost.GetProperty("id").GetString()}/media"), 404, "not_found");
    }

    [Fact]
    public async Task The_dev_inbound_endpoint_checks_its_sender_like_post_messages()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        foreach (var body in new object[]
        {
            new { from = "abc@@s.whatsapp.net", text = "hi" },
            new { from = "12", text = "hi" },
            new { from = "120363000000000001@g.us", text = "no author" },
            new { from = MessagingFixture.Phone(), text = "hi", image = new { data = "AAAA" } },
            new { from = MessagingFixture.Phone() },
        })
            await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", body), 400, "invalid_input");
        var chats = await fx.Data($"api/v1/chats?sessionId={session}");
        Assert.Equal(0, chats.GetArrayLength());
    }
}
