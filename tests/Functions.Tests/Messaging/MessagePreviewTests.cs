using WaFunctions.Messages;

namespace WaFunctions.Tests.Messaging;

/// <summary>The chat list's line for each kind of message: words, never the engine's type code.</summary>
public class MessagePreviewTests
{
    private static MessageRecord Message(string type, string body, MessageDetails? details = null) =>
        new("M1", "nabc123", "491511@s.whatsapp.net", false, type, body, null, details?.Media is not null, 1, null, 0, null, null, null, null, false)
        { Details = details };

    private static MessageDetails Media(string kind, string? caption = null, string? fileName = null, bool? ptt = null) =>
        new() { Kind = kind, Media = new StoredMedia("b", "x/y", 1, null, fileName, caption, ptt) };

    public static TheoryData<MessageRecord, string> Kinds => new()
    {
        { Message("chat", "Refund please", new MessageDetails()), "Refund please" },
        { Message("ptt", "", Media(MessageKinds.Audio, ptt: true)), "🎤 Voice message" },
        { Message("audio", "", Media(MessageKinds.Audio)), "🎵 Audio" },
        { Message("image", "", Media(MessageKinds.Image)), "📷 Photo" },
        { Message("image", "broken?", Media(MessageKinds.Image, caption: "broken?")), "📷 Photo: broken?" },
        { Message("video", "unboxing", Media(MessageKinds.Video, caption: "unboxing")), "🎥 Video: unboxing" },
        { Message("document", "receipt", Media(MessageKinds.Document, caption: "receipt", fileName: "receipt.pdf")), "📄 receipt.pdf" },
        { Message("document", "", Media(MessageKinds.Document)), "📄 Document" },
        { Message("sticker", "", Media(MessageKinds.Sticker)), "💟 Sticker" },
        { Message("location", "40.4,-3.7", new MessageDetails { Kind = MessageKinds.Location, Location = new LocationContent(40.4, -3.7) }), "📍 Location" },
        { Message("location", "Plaza", new MessageDetails { Kind = MessageKinds.Location, Location = new LocationContent(40.4, -3.7, "Plaza") }), "📍 Location: Plaza" },
        { Message("vcard", "Ada", new MessageDetails { Kind = MessageKinds.Contact, Contact = new ContactCard("Ada", "44") }), "👤 Ada" },
        { Message("vcard", "2 contacts", new MessageDetails { Kind = MessageKinds.Contact, Contact = new ContactCard("Ada", "44"), Contacts = [new("Ada", "44"), new("Bob", "1")] }), "👥 2 contacts" },
        { Message("poll_creation", "Which size?", new MessageDetails { Kind = MessageKinds.Poll, Poll = new PollContent("Which size?", ["S", "M"], 1) }), "📊 Which size?" },
        { Message("reaction", "👍", new MessageDetails { Kind = MessageKinds.Reaction, Reaction = new ReactionContent("M0", "👍") }), "Reacted 👍" },
        { Message("unknown", "", new MessageDetails { Kind = MessageKinds.Unknown }), "💬 Unsupported message" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_is_described_in_words(MessageRecord m, string expected) => Assert.Equal(expected, MessagePreview.Of(m));

    [Fact]
    public void Rows_from_before_details_are_described_from_their_type_and_body()
    {
        Assert.Equal("🎤 Voice message", MessagePreview.Of(Message("ptt", "")));
        Assert.Equal("📷 Photo: look", MessagePreview.Of(Message("image", "look")));
        Assert.Equal("👤 Ada", MessagePreview.Of(Message("vcard", "Ada")));
    }

    [Fact]
    public void A_deleted_message_says_so_and_long_text_is_cut()
    {
        Assert.Equal(MessagePreview.Deleted, MessagePreview.Of(Message("chat", "", new MessageDetails()) with { RevokedAt = 5 }));
        Assert.Equal(MessagePreview.MaxChars, MessagePreview.Of(Message("chat", new string('a', 600))).Length);
    }
}
