using System.Text.Json;
using WaFunctions.Engine;
using WaFunctions.Messages;

namespace WaFunctions.Tests.Messaging;

/// <summary>The engine's ReceivedMessage (engine-host/README.md) as a stored message: every kind with its content.</summary>
public class InboundMessageTests
{
    private static MessageRecord Parse(string messageJson)
    {
        const string head = """{"v":1,"id":"e1","type":"message.received","sessionId":"nabc123","at":"2025-07-01T12:00:00Z","seq":42,"data":{"message":""";
        var envelope = EngineEnvelope.TryParse(head + messageJson + "}}")!;
        return InboundMessage.Parse(envelope, envelope.Object("message")!.Value);
    }

    [Fact]
    public void A_stored_file_keeps_its_blob_type_size_hash_and_caption()
    {
        var m = Parse("""
            {"id":"A1","chatId":"491511@s.whatsapp.net","from":"491511@s.whatsapp.net","fromMe":false,"isGroup":false,"timestamp":1751193300,"type":"image","body":"look","mentions":[],"viewOnce":false,
            "media":{"blob":"in/nabc123/A1","mimetype":"image/jpeg","size":48213,"sha256":"ab","caption":"look"}}
            """);
        Assert.Equal(("image", "image", "look", true), (m.Type, m.Kind, m.Body, m.HasMedia));
        Assert.Equal(new StoredMedia("in/nabc123/A1", "image/jpeg", 48213, "ab", null, "look"), m.Details!.Media);
        var view = MessageDetailView.Of(m);
        Assert.Equal("/api/v1/messages/A1/media?sessionId=nabc123", view.Media!.Url);
    }

    [Fact]
    public void A_file_that_could_not_be_downloaded_is_marked_not_dropped()
    {
        var m = Parse("""
            {"id":"A2","chatId":"491511@s.whatsapp.net","from":"491511@s.whatsapp.net","fromMe":false,"isGroup":false,"timestamp":1,"type":"audio","body":"","mentions":[],"viewOnce":true,
            "media":{"error":"download_failed","detail":"expired","mimetype":"audio/ogg","ptt":true}}
            """);
        Assert.Equal(("ptt", "audio", true, true), (m.Type, m.Kind, m.HasMedia, m.Details!.ViewOnce));
        var media = MessageDetailView.Of(m).Media!;
        Assert.Equal(("download_failed", "expired", (string?)null), (media.Error, media.Detail, media.Url));
    }

    [Fact]
    public void Location_contact_poll_reply_and_mentions_are_stored_with_their_content()
    {
        var loc = Parse("""
            {"id":"L","chatId":"491511@s.whatsapp.net","from":"491511@s.whatsapp.net","fromMe":false,"isGroup":false,"timestamp":1,"type":"location","body":"Plaza","mentions":[],"viewOnce":false,
            "location":{"latitude":40.4,"longitude":-3.7,"name":"Plaza","address":"Sol 1"}}
            """);
        Assert.Equal(new LocationContent(40.4, -3.7, "Plaza", "Sol 1"), loc.Details!.Location);
        var card = Parse("""
            {"id":"C","chatId":"491511@s.whatsapp.net","from":"491511@s.whatsapp.net","fromMe":false,"isGroup":false,"timestamp":1,"type":"contact","body":"Ada","mentions":[],"viewOnce":false,
            "contact":{"fullName":"Ada","phoneNumber":"442079460000","organization":"AE","vcard":"BEGIN:VCARD"}}
            """);
        Assert.Equal(("vcard", "Ada", "442079460000", "AE"), (card.Type, card.Details!.Contact!.FullName, card.Details.Contact.PhoneNumber, card.Details.Contact.Organization));
        var poll = Parse("""
            {"id":"P","chatId":"120363000000000077@g.us","from":"491522@s.whatsapp.net","author":"491522@s.whatsapp.net","fromMe":false,"isGroup":true,"timestamp":1,"type":"poll","body":"Where?","viewOnce":false,
            "mentions":["491511@s.whatsapp.net"],"replyTo":{"id":"PREV1","participant":"491511@s.whatsapp.net"},"poll":{"name":"Where?","options":["Here","There"],"selectableCount":1}}
            """);
        Assert.Equal(("poll_creation", "491522@s.whatsapp.net"), (poll.Type, poll.Author));
        Assert.Equal(["Here", "There"], poll.Details!.Poll!.Options);
        Assert.Equal(new QuotedMessage("PREV1", "491511@s.whatsapp.net"), poll.Details.ReplyTo);
        Assert.Equal(["491511@s.whatsapp.net"], poll.Details.Mentions);
        var view = MessageDetailView.Of(poll, new MessageResponses([], [new StoredVote("491511@s.whatsapp.net", ["There"], 2)]));
        Assert.Equal([0, 1], view.Poll!.Options.Select(o => o.Votes));
        Assert.Equal(1, view.Poll.Voters);
    }

    [Fact]
    public void A_row_survives_storage_with_long_text_and_details()
    {
        var m = Parse("""
            {"id":"T","chatId":"491511@s.whatsapp.net","from":"491511@s.whatsapp.net","fromMe":false,"isGroup":false,"timestamp":1,"type":"text","body":"x","mentions":[],"viewOnce":false}
            """)
            with { Body = new string('y', 65_000) };
        var back = MessageRecord.FromEntity(m.ToEntity());
        Assert.Equal(m.Body, back.Body);
        Assert.Equal(m.Details!.Kind, back.Details!.Kind);
        Assert.Equal(MessageRecord.HistoryBodyChars, m.ToHistoryEntity().GetString("Body")!.Length);
    }

    [Fact]
    public void The_history_row_is_a_copy_of_the_message_row_so_the_history_page_needs_no_read_per_message()
    {
        var m = Parse("""
            {"id":"C","chatId":"491511@s.whatsapp.net","from":"491511@s.whatsapp.net","fromMe":false,"isGroup":false,"timestamp":1,"type":"contact","body":"Ada","mentions":[],"viewOnce":false,
            "contact":{"fullName":"Ada","phoneNumber":"442079460000","organization":"AE","vcard":"BEGIN:VCARD"},"replyTo":{"id":"PREV1"},"pushName":"Asha"}
            """) with { EditedAt = 7, Revision = 3, HasResponses = true, Status = "read" };
        var back = MessageRecord.FromHistoryEntity(m.SessionId, m.ToHistoryEntity());
        Assert.Equal(JsonSerializer.Serialize(MessageDetailView.Of(m, MessageResponses.None)), JsonSerializer.Serialize(MessageDetailView.Of(back, MessageResponses.None)));
        Assert.Equal((3L, true, m.HistoryKey), (back.Revision, back.HasResponses, back.HistoryKey));
        Assert.False(MessageRecord.IsSeedOnlyHistory(m.ToHistoryEntity()));
    }
}
