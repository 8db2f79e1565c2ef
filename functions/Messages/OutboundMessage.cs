using WaFunctions.Media;

namespace WaFunctions.Messages;

/// <summary>A stored message a send quotes: its id, whether it was ours, its author in a group, its text.</summary>
public sealed record ReplyTarget(string Id, bool FromMe, string? Participant, string Body);

/// <summary>A stored message a reaction is on: its id, whether it was ours, its author in a group.</summary>
public sealed record ReactionTarget(string Id, bool FromMe, string? Participant);

/// <summary>
/// A validated message in the engine bus's shapes (<c>message.send</c> <c>content</c> and <c>options</c>, see
/// engine-host/README.md) and as stored (<see cref="MessageDetails"/>). Pure.
/// </summary>
public static class OutboundMessage
{
    public static object Content(ParsedContent c, MediaFile? media, ReactionTarget? reaction)
    {
        object? Ref() => media is null ? null : new { blob = media.Blob, mimetype = media.Mimetype, fileName = media.FileName, size = media.Size, sha256 = media.Sha256 };
        bool? ViewOnce() => c.ViewOnce ? true : null;
        return c.Kind switch
        {
            MessageKinds.Text => new { kind = c.Kind, text = c.Text },
            MessageKinds.Image or MessageKinds.Video => new { kind = c.Kind, media = Ref(), caption = c.Media!.Caption, viewOnce = ViewOnce() },
            MessageKinds.Audio => new { kind = c.Kind, media = Ref(), ptt = c.Media!.Ptt == true ? true : (bool?)null, viewOnce = ViewOnce() },
            MessageKinds.Document => new { kind = c.Kind, media = Ref(), caption = c.Media!.Caption },
            MessageKinds.Sticker => new { kind = c.Kind, media = Ref() },
            MessageKinds.Location => new { kind = c.Kind, latitude = c.Location!.Latitude, longitude = c.Location.Longitude, name = c.Location.Name, address = c.Location.Address },
            MessageKinds.Contact => new { kind = c.Kind, fullName = c.Contact!.FullName, phoneNumber = c.Contact.PhoneNumber, organization = c.Contact.Organization },
            MessageKinds.Poll => new { kind = c.Kind, name = c.Poll!.Name, options = c.Poll.Options, selectableCount = c.Poll.SelectableCount },
            MessageKinds.Reaction => new { kind = c.Kind, messageId = reaction!.Id, emoji = c.Reaction!.Emoji, fromMe = reaction.FromMe, participant = reaction.Participant },
            _ => throw new InvalidOperationException($"Unknown kind {c.Kind}"),
        };
    }

    /// <summary>The send options, or null when there are none.</summary>
    public static object? Options(ParsedContent c, ReplyTarget? reply) =>
        reply is null && c.Mentions is not { Count: > 0 } ? null : new
        {
            replyTo = reply is null ? null : new { id = reply.Id, fromMe = reply.FromMe, participant = reply.Participant, body = reply.Body.Length > 0 ? reply.Body : null },
            mentions = c.Mentions is { Count: > 0 } m ? m : null,
        };

    public static MessageDetails Details(ParsedContent c, MediaFile? media, ReplyTarget? reply) => new()
    {
        Kind = c.Kind,
        Media = media is null ? null : new StoredMedia(media.Blob, media.Mimetype, media.Size, media.Sha256, media.FileName, c.Media?.Caption,
            c.Kind == MessageKinds.Audio ? c.Media?.Ptt == true : null),
        Location = c.Location,
        Contact = c.Contact,
        Poll = c.Poll,
        Reaction = c.Reaction,
        ReplyTo = reply is null ? null : new QuotedMessage(reply.Id, reply.Participant),
        Mentions = c.Mentions is { Count: > 0 } m ? m : null,
        ViewOnce = c.ViewOnce,
    };
}
