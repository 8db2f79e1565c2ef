namespace WaFunctions.Messages;

/// <summary>
/// The one line a chat list shows for a message: its text, or for every other kind an icon and words a person reads
/// ("🎤 Voice message", "📷 Photo: caption", "📄 invoice.pdf") instead of the engine's type code. One function for all
/// kinds, so a new message, an edit and a deletion for everyone describe the message the same way.
/// </summary>
public static class MessagePreview
{
    /// <summary>Longer previews are cut: the chat row and its index rows copy it, and a list shows one line.</summary>
    public const int MaxChars = 500;

    public const string Deleted = "🚫 This message was deleted";

    public static string Of(MessageRecord m)
    {
        var words = m.RevokedAt is not null ? Deleted : Describe(m);
        return words.Length > MaxChars ? words[..MaxChars] : words;
    }

    private static string Describe(MessageRecord m)
    {
        var d = m.Details;
        // A media message's body is its caption (also in rows written before messages had details).
        var caption = d?.Media?.Caption ?? m.Body;
        return m.Kind switch
        {
            MessageKinds.Text => m.Body,
            MessageKinds.Image => With("📷 Photo", caption),
            MessageKinds.Video => With("🎥 Video", caption),
            MessageKinds.Audio => d?.Media?.Ptt == true || m.Type == "ptt" ? "🎤 Voice message" : "🎵 Audio",
            MessageKinds.Document => "📄 " + First(d?.Media?.FileName, caption, "Document"),
            MessageKinds.Sticker => "💟 Sticker",
            MessageKinds.Location => With("📍 Location", d?.Location?.Name),
            MessageKinds.Contact => d?.Contacts is { Count: > 1 } cards ? $"👥 {cards.Count} contacts" : "👤 " + First(d?.Contact?.FullName, m.Body, "Contact"),
            MessageKinds.Poll => "📊 " + First(d?.Poll?.Name, m.Body, "Poll"),
            MessageKinds.Reaction => d?.Reaction is { Emoji.Length: > 0 } r ? $"Reacted {r.Emoji}" : "Removed a reaction",
            _ => "💬 Unsupported message",
        };
    }

    private static string With(string label, string? detail) => string.IsNullOrWhiteSpace(detail) ? label : $"{label}: {detail}";

    private static string First(params string?[] choices) => choices.First(c => !string.IsNullOrWhiteSpace(c))!;
}
