using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Messaging;

/// <summary>Sending every kind through the real engine-host (simulator): the file in every way it can be given, the content stored, the status followed.</summary>
[Collection(MessagingCollection.Name)]
public sealed class OutboundKindsTests(MessagingFixture fx)
{
    private async Task<JsonElement> UploadAsync(byte[] bytes, string type, string query = "", bool multipart = false, string? fileName = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/media" + query);
        request.Headers.Authorization = new("Bearer", MessagingFixture.Admin);
        if (multipart)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            request.Content = new MultipartFormDataContent { { file, "file", fileName ?? "file.bin" } };
        }
        else
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        return (await fx.Ok(await fx.App.Http.SendAsync(request), HttpStatusCode.Created)).GetProperty("data");
    }

    [Fact]
    public async Task Every_kind_is_sent_with_its_content_and_its_file_keeps_its_sha256()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var to = MessagingFixture.Phone();
        var jpeg = Samples.Jpeg();
        var mp4 = Samples.Mp4();
        var ogg = Samples.Ogg();
        var webp = Samples.Webp();
        var pdf = Samples.Pdf();

        var video = await UploadAsync(mp4, "video/mp4", "?kind=video");
        Assert.Equal((MessagingFixture.Sha256(mp4), mp4.Length), (video.GetProperty("sha256").GetString(), video.GetProperty("size").GetInt32()));
        var document = await UploadAsync(pdf, "application/pdf", multipart: true, fileName: "Invoice July.pdf");
        Assert.Equal("Invoice July.pdf", document.GetProperty("fileName").GetString());

        var sent = new Dictionary<string, (string Id, byte[]? Bytes)>
        {
            ["text"] = (await fx.SendMessageAsync(new { to, text = "Hello", from = session }), null),
            ["image"] = (await fx.SendMessageAsync(new { to, image = new { url = fx.Files.Serve("photo.jpg", jpeg, "image/jpeg"), caption = "Your photo" }, from = session }), jpeg),
            ["video"] = (await fx.SendMessageAsync(new { to, video = new { mediaId = video.GetProperty("id").GetString(), caption = "Clip" }, from = session }), mp4),
            ["audio"] = (await fx.SendMessageAsync(new { to, audio = new { data = Convert.ToBase64String(ogg), ptt = true, mimetype = "audio/ogg; codecs=opus" }, from = session }), ogg),
            ["document"] = (await fx.SendMessageAsync(new { to, document = new { mediaId = document.GetProperty("id").GetString(), caption = "July" }, from = session }), pdf),
            ["sticker"] = (await fx.SendMessageAsync(new { to, sticker = new { data = "data:image/webp;base64," + Convert.ToBase64String(webp) }, from = session }), webp),
            ["location"] = (await fx.SendMessageAsync(new { to, location = new { latitude = 52.52, longitude = 13.405, name = "Shop", address = "Unter den Linden 1" }, from = session }), null),
            ["contact"] = (await fx.SendMessageAsync(new { to, contact = new { fullName = "Ada Lovelace", phoneNumber = "+44 20 7946 0000", organization = "AE" }, from = session }), null),
            ["poll"] = (await fx.SendMessageAsync(new { to, poll = new { name = "Pick-up day?", options = new[] { "Thursday", "Friday" } }, from = session }), null),
        };
        foreach (var (kind, (id, bytes)) in sent)
        {
            var m = await fx.MessageWhenAsync(id, m => m.GetProperty("status").GetString() is "sent" or "delivered" or "read", $"{kind} sent");
            Assert.Equal(kind, m.GetProperty("kind").GetString());
            Assert.True(m.GetProperty("fromMe").GetBoolean());
            if (bytes is null) continue;
            var media = m.GetProperty("media");
            Assert.Equal((MessagingFixture.Sha256(bytes), bytes.Length), (media.GetProperty("sha256").GetString(), media.GetProperty("size").GetInt32()));
            var file = await fx.Send(HttpMethod.Get, media.GetProperty("url").GetString()!.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(MessagingFixture.Sha256(bytes), MessagingFixture.Sha256(await file.Content.ReadAsByteArrayAsync()));
            Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var image = await fx.Data($"api/v1/messages/{sent["image"].Id}");
        Assert.Equal(("image", "Your photo", "image/jpeg"), (image.GetProperty("type").GetString(), image.GetProperty("body").GetString(), MessagingFixture.Str(image, "media", "mimetype")));
        var voice = await fx.Data($"api/v1/messages/{sent["audio"].Id}");
        Assert.Equal(("ptt", true), (voice.GetProperty("type").GetString(), voice.GetProperty("media").GetProperty("ptt").GetBoolean()));
        var doc = await fx.Data($"api/v1/messages/{sent["document"].Id}");
        Assert.Equal("Invoice July.pdf", MessagingFixture.Str(doc, "media", "fileName"));
        var docFile = await fx.Send(HttpMethod.Get, $"api/v1/messages/{sent["document"].Id}/media");
        Assert.Equal("attachment", docFile.Content.Headers.ContentDisposition!.DispositionType); // never rendered from the API's origin
        var place = await fx.Data($"api/v1/messages/{sent["location"].Id}");
        Assert.Equal((52.52, "Shop"), (place.GetProperty("location").GetProperty("latitude").GetDouble(), place.GetProperty("body").GetString()));
        var card = await fx.Data($"api/v1/messages/{sent["contact"].Id}");
        Assert.Equal(("vcard", "442079460000"), (card.GetProperty("type").GetString(), MessagingFixture.Str(card, "contact", "phoneNumber")));
        var poll = await fx.Data($"api/v1/messages/{sent["poll"].Id}");
        Assert.Equal(["Thursday", "Friday"], poll.GetProperty("poll").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("name").GetString()));

        // Receipts from the simulator move every message on; the history lists each with the seed's fields first, then
        // its full view: the kind it was sent as, and the text's read tick without a read per message.
        await fx.MessageWhenAsync(sent["text"].Id, m => m.GetProperty("status").GetString() == "read", "the text read");
        var history = await fx.Data($"api/v1/chats/{to}@s.whatsapp.net/messages?sessionId={session}");
        Assert.Equal(sent.Count, history.GetArrayLength());
        Assert.All(history.EnumerateArray(), h => Assert.Equal(["messageId", "sessionId", "chatId", "body", "type", "author", "fromMe", "hasMedia", "timestamp"],
            h.EnumerateObject().Select(p => p.Name).Take(9)));
        var listed = history.EnumerateArray().ToDictionary(h => h.GetProperty("messageId").GetString()!);
        foreach (var (kind, (id, _)) in sent) Assert.Equal(kind, listed[id].GetProperty("kind").GetString());
        Assert.Equal("read", listed[sent["text"].Id].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_reply_quotes_a_stored_message_and_mentions_reach_a_group()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var member = MessagingFixture.Phone();
        var group = (await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/groups?sessionId={session}", new { subject = "Team", participants = new[] { member } }), HttpStatusCode.Created))
            .GetProperty("data").GetProperty("id").GetString()!;
        var first = await fx.SendMessageAsync(new { to = group, text = "Shipment at 5", from = session });
        var reply = await fx.SendMessageAsync(new { to = group, text = $"@{member} can you sign?", replyTo = first, mentions = new[] { member }, from = session });
        var m = await fx.MessageWhenAsync(reply, m => m.GetProperty("status").GetString() is "sent" or "delivered" or "read", "the reply sent");
        Assert.Equal(first, MessagingFixture.Str(m, "replyTo", "messageId"));
        Assert.Equal([member + "@s.whatsapp.net"], m.GetProperty("mentions").EnumerateArray().Select(x => x.GetString()));
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/messages", new { to = group, text = "?", replyTo = "3EB0NOSUCHMESSAGE0000", from = session }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/messages", new { to = MessagingFixture.Phone(), text = "?", replyTo = first, from = session }), 400, "invalid_input");
    }

    [Fact]
    public async Task A_file_too_large_or_of_the_wrong_type_for_its_kind_is_400_saying_which()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var to = MessagingFixture.Phone();
        var png = await UploadAsync(Samples.Png(), "image/png");
        async Task<string> Refused(object body)
        {
            var r = await fx.Send(HttpMethod.Post, "api/v1/messages", body);
            await ApiFixture.AssertErrorAsync(r, 400, "invalid_input");
            return (await ApiFixture.JsonAsync(r)).GetProperty("message").GetString()!;
        }
        Assert.Contains("image/png; video takes video/mp4", await Refused(new { to, video = new { mediaId = png.GetProperty("id").GetString() }, from = session }));
        Assert.Contains("image/webp", await Refused(new { to, sticker = new { mediaId = png.GetProperty("id").GetString() }, from = session }));
        var big = await UploadAsync(Samples.Jpeg(6 * 1024 * 1024), "image/jpeg");
        Assert.Contains("limit for image", await Refused(new { to, image = new { mediaId = big.GetProperty("id").GetString() }, from = session }));
        Assert.Contains("no upload", await Refused(new { to, image = new { mediaId = "med_" + Guid.NewGuid().ToString("N") }, from = session }));
        Assert.Contains("'image.mediaId'", await Refused(new { to, image = new { mediaId = "../in/x" }, from = session }));
        Assert.Contains("not valid base64", await Refused(new { to, image = new { data = "%%%" }, from = session }));
        Assert.Contains("could not be recognised", await Refused(new { to, video = new { data = Convert.ToBase64String(new byte[] { 1, 2, 3 }) }, from = session }));
        // An upload too large for the kind asked is refused as it streams in.
        var upload = new HttpRequestMessage(HttpMethod.Post, "api/v1/media?kind=sticker") { Content = new ByteArrayContent(Samples.Webp(600 * 1024)) };
        upload.Headers.Authorization = new("Bearer", MessagingFixture.Admin);
        upload.Content.Headers.ContentType = new("image/webp");
        await ApiFixture.AssertErrorAsync(await fx.App.Http.SendAsync(upload), 413, "payload_too_large");
    }
}
