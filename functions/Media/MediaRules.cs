using System.Text.RegularExpressions;
using WaFunctions.Messages;

namespace WaFunctions.Media;

/// <summary>
/// What WhatsApp accepts per kind of media: the file types and the largest size (the limits WhatsApp documents for its
/// Business platform: images 5 MiB as JPEG or PNG, video 16 MiB as MP4 or 3GPP, audio 16 MiB as AAC, MP4, MPEG, AMR or
/// OGG/Opus, stickers 500 KiB as WebP, documents 100 MiB of any type). A file whose type is not given is recognised by
/// its first bytes (<see cref="Sniff"/>).
/// </summary>
public static partial class MediaRules
{
    public const long MiB = 1024 * 1024;

    /// <summary>The largest file of any kind (a document): the cap of <c>POST /media</c>.</summary>
    public const long MaxBytes = 100 * MiB;

    public sealed record KindRule(string Kind, long MaxBytes, IReadOnlyList<string> Types)
    {
        public bool Accepts(string mimetype) => Types.Count == 0 || Types.Contains(Base(mimetype));
        public string Allowed => Types.Count == 0 ? "any type" : string.Join(", ", Types);
    }

    public static readonly IReadOnlyDictionary<string, KindRule> Kinds = new Dictionary<string, KindRule>
    {
        [MessageKinds.Image] = new(MessageKinds.Image, 5 * MiB, ["image/jpeg", "image/png"]),
        [MessageKinds.Video] = new(MessageKinds.Video, 16 * MiB, ["video/mp4", "video/3gpp"]),
        [MessageKinds.Audio] = new(MessageKinds.Audio, 16 * MiB, ["audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg", "audio/opus"]),
        [MessageKinds.Document] = new(MessageKinds.Document, MaxBytes, []),
        [MessageKinds.Sticker] = new(MessageKinds.Sticker, 500 * 1024, ["image/webp"]),
    };

    [GeneratedRegex(@"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(\s*;\s*[a-z0-9!#$&^_.+-]+=[^;\s]{1,64}){0,3}$")]
    private static partial Regex MimeShape();

    /// <summary>The type in lower case with spaces tidied (<c>audio/ogg; codecs=opus</c>), or null when it is not a MIME type.</summary>
    public static string? Normalize(string? mimetype)
    {
        if (string.IsNullOrWhiteSpace(mimetype) || mimetype.Length > 200) return null;
        var parts = mimetype.Trim().ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var tidy = string.Join("; ", parts);
        return MimeShape().IsMatch(tidy) ? tidy : null;
    }

    /// <summary>The content types a stored file is served as (<c>GET /messages/{id}/media</c>); any other is served as <see cref="Served"/> makes it.</summary>
    public static readonly IReadOnlyList<string> ServedRanges = ["image/*", "video/*", "audio/*", "application/*", "text/*"];

    /// <summary>The content type a file of <paramref name="mimetype"/> is served with: its own, or application/octet-stream outside <see cref="ServedRanges"/>.</summary>
    public static string Served(string mimetype) =>
        ServedRanges.Any(r => mimetype.StartsWith(r[..^1], StringComparison.OrdinalIgnoreCase)) ? mimetype : "application/octet-stream";

    /// <summary>The type without parameters: <c>audio/ogg</c> of <c>audio/ogg; codecs=opus</c>.</summary>
    public static string Base(string mimetype) => mimetype.Split(';')[0].Trim();

    public static string Size(long bytes) => bytes >= MiB ? $"{bytes / (double)MiB:0.#} MiB" : $"{bytes / 1024.0:0.#} KiB";

    /// <summary>The type of a file recognised by its first bytes, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        static bool Is(ReadOnlySpan<byte> b, int offset, ReadOnlySpan<byte> magic) => b.Length >= offset + magic.Length && b.Slice(offset, magic.Length).SequenceEqual(magic);
        if (Is(b, 0, [0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (Is(b, 0, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (Is(b, 0, "RIFF"u8) && Is(b, 8, "WEBP"u8)) return "image/webp";
        if (Is(b, 0, "GIF8"u8)) return "image/gif";
        if (Is(b, 4, "ftyp"u8)) return Is(b, 8, "3gp"u8) ? "video/3gpp" : Is(b, 8, "M4A "u8) ? "audio/mp4" : "video/mp4";
        if (Is(b, 0, "OggS"u8)) return "audio/ogg";
        if (Is(b, 0, "#!AMR"u8)) return "audio/amr";
        if (Is(b, 0, "ID3"u8) || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE6) == 0xE2)) return "audio/mpeg";
        if (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xF6) == 0xF0) return "audio/aac";
        if (Is(b, 0, "%PDF-"u8)) return "application/pdf";
        if (Is(b, 0, "PK\x03\x04"u8)) return "application/zip";
        return null;
    }
}
