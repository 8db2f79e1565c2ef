using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaFunctions.Messages;

/// <summary>The kinds of message content, in the API's and the engine's vocabulary.</summary>
public static class MessageKinds
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Document = "document";
    public const string Sticker = "sticker";
    public const string Location = "location";
    public const string Contact = "contact";
    public const string Poll = "poll";
    public const string Reaction = "reaction";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> Media = [Image, Video, Audio, Document, Sticker];

    /// <summary>The content fields of <c>POST /messages</c>, one per kind, in the order they are checked.</summary>
    public static readonly IReadOnlyList<string> Sendable = [Text, Image, Video, Audio, Document, Sticker, Location, Contact, Poll, Reaction];

    public static bool IsMedia(string kind) => Media.Contains(kind);
}

/// <summary>
/// What a message holds beyond its text, stored as JSON in the message row (<c>Details</c>): the file (blob name, type,
/// size, hash, name, caption, or why it could not be downloaded), a location, contact cards, a poll's question and
/// options, the target of a reaction we sent, the quoted message, mentions, view-once. Votes and reactions on the
/// message live in <see cref="MessageResponsesStore"/>, not here.
/// </summary>
public sealed record MessageDetails
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Kind { get; init; } = MessageKinds.Text;
    public StoredMedia? Media { get; init; }
    public LocationContent? Location { get; init; }
    public ContactCard? Contact { get; init; }
    public IReadOnlyList<ContactCard>? Contacts { get; init; }
    public PollContent? Poll { get; init; }
    public ReactionContent? Reaction { get; init; }
    public QuotedMessage? ReplyTo { get; init; }
    public IReadOnlyList<string>? Mentions { get; init; }
    public bool ViewOnce { get; init; }

    /// <summary>JSON for the row; shared contact cards beyond what a row holds are dropped (the first card always stays).</summary>
    public string Serialize()
    {
        var text = JsonSerializer.Serialize(this, Json);
        return text.Length <= Storage.LongText.MaxChars / 2 || Contacts is null ? text : (this with { Contacts = null }).Serialize();
    }

    public static MessageDetails? Deserialize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try { return JsonSerializer.Deserialize<MessageDetails>(text, Json); }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// A message's file: stored in the <c>media</c> container as <see cref="Blob"/>, or not (<see cref="Error"/>
/// <c>download_failed</c> with <see cref="Detail"/>; the type, name and size are then what the sender declared).
/// </summary>
public sealed record StoredMedia(string? Blob, string? Mimetype, long? Size, string? Sha256, string? FileName = null,
    string? Caption = null, bool? Ptt = null, string? Error = null, string? Detail = null);

public sealed record LocationContent(double Latitude, double Longitude, string? Name = null, string? Address = null);

/// <summary>A shared contact card; <see cref="PhoneNumber"/> is digits, <see cref="Vcard"/> the card as received.</summary>
public sealed record ContactCard(string FullName, string? PhoneNumber, string? Organization = null, string? Vcard = null);

/// <summary>A poll's question and options; <see cref="SelectableCount"/> 0 means any number of options.</summary>
public sealed record PollContent(string Name, IReadOnlyList<string> Options, int SelectableCount);

/// <summary>A reaction we sent: the message it is on and the emoji (<c>""</c> removes it).</summary>
public sealed record ReactionContent(string MessageId, string Emoji);

/// <summary>The message a reply quotes, and its author in a group.</summary>
public sealed record QuotedMessage(string MessageId, string? Participant);
