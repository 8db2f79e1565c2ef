namespace WaFunctions.Messages;

/// <summary>
/// The content fields of a message, exactly one of which is sent: <c>text</c>, <c>image</c>, <c>video</c>, <c>audio</c>,
/// <c>document</c>, <c>sticker</c>, <c>location</c>, <c>contact</c>, <c>poll</c> or <c>reaction</c>, with the options
/// <c>replyTo</c>, <c>mentions</c> and <c>viewOnce</c>. Shared by <c>POST /messages</c> and the simulator's inbound endpoint.
/// </summary>
public interface IMessageContentFields
{
    string? Text { get; }
    MediaInput? Image { get; }
    MediaInput? Video { get; }
    MediaInput? Audio { get; }
    MediaInput? Document { get; }
    MediaInput? Sticker { get; }
    LocationInput? Location { get; }
    ContactInput? Contact { get; }
    PollInput? Poll { get; }
    ReactionInput? Reaction { get; }
    string? ReplyTo { get; }
    string?[]? Mentions { get; }
    bool? ViewOnce { get; }
}

/// <summary>
/// <c>POST /messages</c>: seed 000's <c>{ to, text, from? }</c>, or another kind in place of <c>text</c>.
/// </summary>
/// <param name="To">Phone number (digits, with country code) or a full WhatsApp jid.</param>
/// <param name="Text">A text message (at most 4096 characters).</param>
/// <param name="From">Id of the connected number to send from; default the first ready number.</param>
/// <param name="ReplyTo">The id of a stored message of this chat: sent as a quoted reply.</param>
/// <param name="Mentions">People to mention (phone numbers or jids); put "@digits" in the text or caption too.</param>
/// <param name="ViewOnce">Image, video or audio that can be opened once.</param>
public sealed record SendMessageRequest(string? To, string? Text = null, string? From = null,
    MediaInput? Image = null, MediaInput? Video = null, MediaInput? Audio = null, MediaInput? Document = null, MediaInput? Sticker = null,
    LocationInput? Location = null, ContactInput? Contact = null, PollInput? Poll = null, ReactionInput? Reaction = null,
    string? ReplyTo = null, string?[]? Mentions = null, bool? ViewOnce = null) : IMessageContentFields;

/// <summary>
/// A file to send: exactly one of <see cref="Url"/> (fetched by the API, never by the engine), <see cref="MediaId"/>
/// (from <c>POST /media</c>, usable for a day) or <see cref="Data"/> (base64, or a <c>data:</c> URL; small files only,
/// as the JSON body is limited to 1 MiB).
/// </summary>
/// <param name="Caption">Image, video and document only (at most 1024 characters).</param>
/// <param name="Ptt">Audio only: send as a voice note (use audio/ogg; codecs=opus).</param>
/// <param name="FileName">Document only: the name the recipient sees.</param>
/// <param name="Mimetype">The file's type when the URL or data does not tell it (else detected from the bytes).</param>
public sealed record MediaInput(string? Url = null, string? MediaId = null, string? Data = null, string? Caption = null, bool? Ptt = null,
    string? FileName = null, string? Mimetype = null);

public sealed record LocationInput(double? Latitude, double? Longitude, string? Name = null, string? Address = null);

/// <summary>A contact card: name and phone number (with country code), optionally the organization.</summary>
public sealed record ContactInput(string? FullName, string? PhoneNumber, string? Organization = null);

/// <summary>A poll: the question, 2 to 12 distinct options, how many one may pick (default 1; 0 means any number).</summary>
public sealed record PollInput(string? Name, string?[]? Options, int? SelectableCount = null);

/// <summary>A reaction to a stored message of this chat; an empty <see cref="Emoji"/> removes ours.</summary>
public sealed record ReactionInput(string? MessageId, string? Emoji);

/// <summary>
/// One message's content after validation. <see cref="Field"/> is the body field that carried it (for error messages);
/// <see cref="Media"/> is still to be fetched or read (see <c>MediaResolver</c>).
/// </summary>
public sealed record ParsedContent(string Kind, string Field, string? Text = null, MediaInput? Media = null, LocationContent? Location = null,
    ContactCard? Contact = null, PollContent? Poll = null, ReactionContent? Reaction = null, string? ReplyTo = null,
    IReadOnlyList<string>? Mentions = null, bool ViewOnce = false)
{
    /// <summary>What the chat list and history show as the body: the text, caption, location name, card name, question or emoji.</summary>
    public string Body => Kind switch
    {
        MessageKinds.Text => Text!,
        MessageKinds.Location => Location!.Name ?? FormattableString.Invariant($"{Location.Latitude},{Location.Longitude}"),
        MessageKinds.Contact => Contact!.FullName,
        MessageKinds.Poll => Poll!.Name,
        MessageKinds.Reaction => Reaction!.Emoji,
        _ => Media?.Caption ?? "",
    };
}
