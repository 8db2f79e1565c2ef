using WaFunctions.Errors;
using WaFunctions.Messages;

namespace WaFunctions.Tests.Messaging;

/// <summary>The content of POST /messages (and the simulator's inbound endpoint): one field, its kind's rules, the options that fit it.</summary>
public class ContentRulesTests
{
    private static string Refused(SendMessageRequest body) => Assert.Throws<InvalidInputException>(() => ContentRules.Parse(body)).Message;

    private static readonly MediaInput Url = new(Url: "https://example.com/a.jpg");

    [Fact]
    public void Seed_000s_text_body_stays_a_text()
    {
        var c = ContentRules.Parse(new SendMessageRequest("919812345678", "Hi! Thanks for reaching out.", null));
        Assert.Equal((MessageKinds.Text, "Hi! Thanks for reaching out."), (c.Kind, c.Body));
        Assert.Empty(c.Mentions!);
        Assert.False(c.ViewOnce);
    }

    [Fact]
    public void Two_content_fields_are_refused_naming_both()
    {
        var message = Refused(new SendMessageRequest("1", "caption?", null, Image: Url));
        Assert.Contains("'text'", message);
        Assert.Contains("'image'", message);
        Assert.Contains("'poll'", Refused(new SendMessageRequest("1", null, null, Location: new(1, 2), Poll: new("q", ["a", "b"]))));
        Assert.Contains("'location'", Refused(new SendMessageRequest("1", null, null, Location: new(1, 2), Poll: new("q", ["a", "b"]))));
    }

    [Fact]
    public void No_content_field_asks_for_text()
    {
        Assert.Contains("'text'", Refused(new SendMessageRequest("1", null, null)));
        Assert.Contains("'text'", Refused(new SendMessageRequest("1", "   ", null)));
        Assert.Contains("4096", Refused(new SendMessageRequest("1", new string('x', 4097), null)));
    }

    [Theory]
    [InlineData("image", null, null, null, "needs one of")]
    [InlineData("image", "https://a/b.jpg", "med_0123456789abcdef0123456789abcdef", null, "cannot be sent together")]
    [InlineData("audio", "https://a/b.ogg", null, "caption", "caption")]
    [InlineData("sticker", "https://a/b.webp", null, "caption", "caption")]
    public void A_file_comes_one_way_and_only_some_kinds_take_a_caption(string kind, string? url, string? mediaId, string? caption, string expected)
    {
        var media = new MediaInput(Url: url, MediaId: mediaId, Caption: caption);
        var body = kind switch
        {
            "image" => new SendMessageRequest("1", null, null, Image: media),
            "audio" => new SendMessageRequest("1", null, null, Audio: media),
            _ => new SendMessageRequest("1", null, null, Sticker: media),
        };
        Assert.Contains(expected, Refused(body));
    }

    [Fact]
    public void Media_options_belong_to_their_kinds()
    {
        Assert.Contains("'image.ptt'", Refused(new SendMessageRequest("1", null, null, Image: Url with { Ptt = true })));
        Assert.Contains("'video.fileName'", Refused(new SendMessageRequest("1", null, null, Video: Url with { FileName = "a.mp4" })));
        Assert.Contains("'image.mimetype'", Refused(new SendMessageRequest("1", null, null, Image: Url with { Mimetype = "not a type" })));
        Assert.Contains("1024", Refused(new SendMessageRequest("1", null, null, Image: Url with { Caption = new string('c', 1025) })));
        var doc = ContentRules.Parse(new SendMessageRequest("1", null, null, Document: Url with { FileName = "Invoice.pdf", Caption = "July", Mimetype = "application/pdf" }));
        Assert.Equal((MessageKinds.Document, "July"), (doc.Kind, doc.Body));
        var voice = ContentRules.Parse(new SendMessageRequest("1", null, null, Audio: Url with { Ptt = true }));
        Assert.True(voice.Media!.Ptt);
    }

    [Fact]
    public void View_once_is_for_image_video_and_audio_without_mentions()
    {
        Assert.True(ContentRules.Parse(new SendMessageRequest("1", null, null, Video: Url, ViewOnce: true)).ViewOnce);
        Assert.Contains("'viewOnce'", Refused(new SendMessageRequest("1", null, null, Document: Url, ViewOnce: true)));
        Assert.Contains("'viewOnce'", Refused(new SendMessageRequest("1", "hi", null, ViewOnce: true)));
        Assert.Contains("'mentions'", Refused(new SendMessageRequest("1", null, null, Image: Url, ViewOnce: true, Mentions: ["919812345678"])));
    }

    [Fact]
    public void Location_contact_and_poll_are_checked_against_whatsapps_limits()
    {
        Assert.Contains("'location.latitude'", Refused(new SendMessageRequest("1", null, null, Location: new(91, 0))));
        Assert.Contains("'location.longitude'", Refused(new SendMessageRequest("1", null, null, Location: new(0, null))));
        var place = ContentRules.Parse(new SendMessageRequest("1", null, null, Location: new(52.52, 13.405)));
        Assert.Equal("52.52,13.405", place.Body);
        Assert.Contains("'contact.fullName'", Refused(new SendMessageRequest("1", null, null, Contact: new(null, "919812345678"))));
        Assert.Contains("'contact.phoneNumber'", Refused(new SendMessageRequest("1", null, null, Contact: new("Ada", "12"))));
        Assert.Equal("442079460000", ContentRules.Parse(new SendMessageRequest("1", null, null, Contact: new("Ada", "+44 20 7946 0000"))).Contact!.PhoneNumber);
        Assert.Contains("2 to 12", Refused(new SendMessageRequest("1", null, null, Poll: new("q", ["only"]))));
        Assert.Contains("2 to 12", Refused(new SendMessageRequest("1", null, null, Poll: new("q", Enumerable.Range(0, 13).Select(i => $"o{i}").ToArray()))));
        Assert.Contains("repeat", Refused(new SendMessageRequest("1", null, null, Poll: new("q", ["a", "a"]))));
        Assert.Contains("'poll.selectableCount'", Refused(new SendMessageRequest("1", null, null, Poll: new("q", ["a", "b"], 3))));
        Assert.Equal(0, ContentRules.Parse(new SendMessageRequest("1", null, null, Poll: new("q", ["a", "b"], 0))).Poll!.SelectableCount);
        Assert.Equal(1, ContentRules.Parse(new SendMessageRequest("1", null, null, Poll: new("q", ["a", "b"]))).Poll!.SelectableCount);
    }

    [Fact]
    public void A_reaction_names_its_message_may_remove_and_takes_no_reply_or_mentions()
    {
        Assert.Equal("", ContentRules.Parse(new SendMessageRequest("1", null, null, Reaction: new("3EB0AA", ""))).Reaction!.Emoji);
        Assert.Contains("'reaction.emoji'", Refused(new SendMessageRequest("1", null, null, Reaction: new("3EB0AA", null))));
        Assert.Contains("'reaction.messageId'", Refused(new SendMessageRequest("1", null, null, Reaction: new(null, "👍"))));
        Assert.Contains("'replyTo'", Refused(new SendMessageRequest("1", null, null, Reaction: new("3EB0AA", "👍"), ReplyTo: "3EB0BB")));
    }

    [Fact]
    public void Mentions_are_people_normalised_and_deduplicated()
    {
        var c = ContentRules.Parse(new SendMessageRequest("120363012345678901@g.us", "@919812345678 hi", null, Mentions: ["+91 98123 45678", "919812345678@s.whatsapp.net"]));
        Assert.Equal(["919812345678@s.whatsapp.net"], c.Mentions);
        Assert.Contains("'mentions[0]'", Refused(new SendMessageRequest("1", "hi", null, Mentions: ["120363012345678901@g.us"])));
    }
}
