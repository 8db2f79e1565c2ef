using WaFunctions.Errors;

namespace WaFunctions.Messages;

/// <summary>
/// Validates a message's content (pure; 400 <c>invalid_input</c> naming the field): exactly one content field, the
/// fields of its kind, WhatsApp's limits (text 4096 characters, caption 1024, poll 2–12 options), and the options that
/// fit it (<c>viewOnce</c> for image, video and audio without mentions; no reply or mentions on a reaction).
/// </summary>
public static class ContentRules
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const int MaxMentions = 256;
    public const int MaxPollOptions = 12;

    public static ParsedContent Parse(IMessageContentFields b)
    {
        var present = new (string Field, object? Value)[]
        {
            ("text", b.Text), ("image", b.Image), ("video", b.Video), ("audio", b.Audio), ("document", b.Document), ("sticker", b.Sticker),
            ("location", b.Location), ("contact", b.Contact), ("poll", b.Poll), ("reaction", b.Reaction),
        }.Where(f => f.Value is not null).ToList();
        if (present.Count == 0)
            throw new InvalidInputException($"Field 'text' is required (or one other content field: {string.Join(", ", MessageKinds.Sendable.Skip(1))}).");
        if (present.Count > 1)
            throw new InvalidInputException($"Fields {string.Join(" and ", present.Select(p => $"'{p.Field}'"))} cannot be sent together: send one content field per message (a caption goes inside the media object).");
        var (field, value) = present[0];
        var content = value switch
        {
            string text => Text(text),
            MediaInput media => Media(field, media),
            LocationInput location => Location(location),
            ContactInput contact => Contact(contact),
            PollInput poll => Poll(poll),
            ReactionInput reaction => Reaction(reaction),
            _ => throw new InvalidOperationException(field),
        };
        return Options(content, b);
    }

    private static ParsedContent Text(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInputException("Field 'text' is required.");
        if (text.Length > MaxTextLength) throw new InvalidInputException($"Field 'text' is longer than {MaxTextLength} characters.");
        return new ParsedContent(MessageKinds.Text, "text", Text: text);
    }

    private static ParsedContent Media(string kind, MediaInput m)
    {
        var sources = new[] { ("url", m.Url), ("mediaId", m.MediaId), ("data", m.Data) }.Where(s => s.Item2 is not null).Select(s => $"'{kind}.{s.Item1}'").ToList();
        if (sources.Count != 1)
            throw new InvalidInputException(sources.Count == 0
                ? $"Field '{kind}' needs one of '{kind}.url', '{kind}.mediaId' or '{kind}.data'."
                : $"Fields {string.Join(" and ", sources)} cannot be sent together: give the file one way.");
        if (m.Caption is not null && kind is not (MessageKinds.Image or MessageKinds.Video or MessageKinds.Document))
            throw new InvalidInputException($"Field '{kind}.caption' is not supported: only image, video and document take a caption.");
        if (m.Caption is { Length: > MaxCaptionLength }) throw new InvalidInputException($"Field '{kind}.caption' is longer than {MaxCaptionLength} characters.");
        if (m.Ptt is not null && kind != MessageKinds.Audio) throw new InvalidInputException($"Field '{kind}.ptt' is for audio only.");
        if (m.FileName is not null && kind != MessageKinds.Document) throw new InvalidInputException($"Field '{kind}.fileName' is for document only.");
        Fields.Text(m.FileName, $"{kind}.fileName", 255);
        if (m.Mimetype is not null && WaFunctions.Media.MediaRules.Normalize(m.Mimetype) is null)
            throw new InvalidInputException($"Field '{kind}.mimetype' must be a MIME type such as image/jpeg.");
        return new ParsedContent(kind, kind, Media: m with { Caption = m.Caption is { Length: > 0 } ? m.Caption : null });
    }

    private static ParsedContent Location(LocationInput l)
    {
        if (l.Latitude is not (>= -90 and <= 90)) throw new InvalidInputException("Field 'location.latitude' is required: a number from -90 to 90.");
        if (l.Longitude is not (>= -180 and <= 180)) throw new InvalidInputException("Field 'location.longitude' is required: a number from -180 to 180.");
        return new ParsedContent(MessageKinds.Location, "location", Location: new LocationContent(l.Latitude.Value, l.Longitude.Value,
            Fields.Text(l.Name, "location.name", 256), Fields.Text(l.Address, "location.address", 512)));
    }

    private static ParsedContent Contact(ContactInput c) => new(MessageKinds.Contact, "contact", Contact: new ContactCard(
        Fields.Text(c.FullName, "contact.fullName", 256, required: true)!, Fields.Phone(c.PhoneNumber, "contact.phoneNumber", required: true),
        Fields.Text(c.Organization, "contact.organization", 256)));

    private static ParsedContent Poll(PollInput p)
    {
        var name = Fields.Text(p.Name, "poll.name", 255, required: true)!;
        if (p.Options is not { Length: >= 2 and <= MaxPollOptions })
            throw new InvalidInputException($"Field 'poll.options' must hold 2 to {MaxPollOptions} options.");
        var options = p.Options.Select((o, i) => Fields.Text(o, $"poll.options[{i}]", 100, required: true)!).ToList();
        if (options.Distinct(StringComparer.Ordinal).Count() != options.Count) throw new InvalidInputException("Field 'poll.options' must not repeat an option.");
        var selectable = p.SelectableCount ?? 1;
        if (selectable < 0 || selectable > options.Count)
            throw new InvalidInputException($"Field 'poll.selectableCount' must be from 0 (any number) to {options.Count}.");
        return new ParsedContent(MessageKinds.Poll, "poll", Poll: new PollContent(name, options, selectable));
    }

    private static ParsedContent Reaction(ReactionInput r)
    {
        var target = Fields.Text(r.MessageId, "reaction.messageId", 128, required: true)!;
        if (r.Emoji is null) throw new InvalidInputException("Field 'reaction.emoji' is required (\"\" removes the reaction).");
        if (r.Emoji.Length > 32 || r.Emoji.Any(char.IsControl) || (r.Emoji.Length > 0 && string.IsNullOrWhiteSpace(r.Emoji)))
            throw new InvalidInputException("Field 'reaction.emoji' must be one emoji, or \"\" to remove the reaction.");
        return new ParsedContent(MessageKinds.Reaction, "reaction", Reaction: new ReactionContent(target, r.Emoji));
    }

    private static ParsedContent Options(ParsedContent c, IMessageContentFields b)
    {
        var replyTo = Fields.Text(b.ReplyTo, "replyTo", 128);
        var mentions = new List<string>();
        if (b.Mentions is { } raw)
        {
            if (raw.Length > MaxMentions) throw new InvalidInputException($"Field 'mentions' may hold at most {MaxMentions} people.");
            for (var i = 0; i < raw.Length; i++)
            {
                var jid = Jid.Normalize(raw[i]);
                if (jid is null || Jid.IsGroup(jid)) throw new InvalidInputException($"Field 'mentions[{i}]' must be a phone number with country code or a person's jid.");
                if (!mentions.Contains(jid)) mentions.Add(jid);
            }
        }
        if (c.Kind == MessageKinds.Reaction && (replyTo is not null || mentions.Count > 0 || b.ViewOnce is not null))
            throw new InvalidInputException("Fields 'replyTo', 'mentions' and 'viewOnce' do not apply to a reaction.");
        var viewOnce = b.ViewOnce == true;
        if (viewOnce && c.Kind is not (MessageKinds.Image or MessageKinds.Video or MessageKinds.Audio))
            throw new InvalidInputException("Field 'viewOnce' is for image, video and audio only.");
        if (viewOnce && mentions.Count > 0) throw new InvalidInputException("Fields 'viewOnce' and 'mentions' cannot be combined (WhatsApp would drop the mentions).");
        return c with { ReplyTo = replyTo, Mentions = mentions, ViewOnce = viewOnce };
    }
}
