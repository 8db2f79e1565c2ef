using System.Text.RegularExpressions;
using WaFunctions.Errors;
using WaFunctions.Messages;

namespace WaFunctions.Media;

/// <summary>
/// Turns a message's file (<see cref="MediaInput"/>: an upload's id, a URL or base64 data) into a blob the engine-host
/// sends from, checked against the kind's types and size (<see cref="MediaRules"/>). An upload is used where it is
/// (one HEAD); a URL is fetched (<see cref="MediaFetcher"/>) and data decoded, each streamed into
/// <c>blobName</c>. Every refusal is 400 <c>invalid_input</c> saying what is wrong: unknown or expired id, wrong type for
/// the kind, too large, unreachable.
/// </summary>
public sealed partial class MediaResolver(MediaStore store, MediaFetcher fetcher, TimeProvider clock)
{
    public static readonly TimeSpan UploadLifetime = TimeSpan.FromDays(1);
    public const string UploadPrefix = "up/";

    [GeneratedRegex("^med_[0-9a-f]{32}$")] private static partial Regex UploadId();

    public static bool IsUploadId(string id) => UploadId().IsMatch(id);

    /// <summary>The stored file for <paramref name="input"/> of <paramref name="kind"/>; new bytes go to <paramref name="blobName"/>.</summary>
    public async Task<MediaFile> ResolveAsync(string kind, MediaInput input, string blobName, CancellationToken ct)
    {
        var rule = MediaRules.Kinds[kind];
        var fileName = input.FileName;
        try
        {
            if (input.MediaId is { } id) return await UploadedAsync(kind, rule, id, fileName, ct).ConfigureAwait(false);
            if (input.Data is { } data)
            {
                var (bytes, declared) = Decode(data, $"{kind}.data");
                using var stream = new MemoryStream(bytes, writable: false);
                return await store.WriteAsync(blobName, stream, fileName, rule.MaxBytes, first => DecideType(kind, input.Mimetype, declared, first.Span, $"{kind}.data"),
                    max => $"Field '{kind}.data': the file is larger than {MediaRules.Size(max)}, the limit for {kind}.", ct).ConfigureAwait(false);
            }
            var url = input.Url!;
            fileName ??= kind == MessageKinds.Document ? NameFromUrl(url) : null;
            return await fetcher.FetchAsync(url, $"{kind}.url", rule.MaxBytes, (body, declared, token) =>
                store.WriteAsync(blobName, body, fileName, rule.MaxBytes, first => DecideType(kind, input.Mimetype, declared, first.Span, $"{kind}.url"),
                    max => $"Field '{kind}.url': the file is larger than {MediaRules.Size(max)}, the limit for {kind}.", token), ct).ConfigureAwait(false);
        }
        catch (MediaTooLargeException e) { throw new InvalidInputException(e.Message.Contains("limit for", StringComparison.Ordinal) ? e.Message : $"{e.Message.TrimEnd('.')}, the limit for {kind}."); }
    }

    private async Task<MediaFile> UploadedAsync(string kind, MediaRules.KindRule rule, string id, string? fileName, CancellationToken ct)
    {
        var field = $"{kind}.mediaId";
        if (!IsUploadId(id)) throw new InvalidInputException($"Field '{field}' must be the id POST /media answered (med_ + 32 hex digits).");
        var file = await store.DescribeAsync(UploadPrefix + id, ct).ConfigureAwait(false)
            ?? throw new InvalidInputException($"Field '{field}': there is no upload '{id}'.");
        if (file.StoredAt is { } at && clock.GetUtcNow() - at > UploadLifetime)
            throw new InvalidInputException($"Field '{field}': the upload '{id}' has expired (uploads can be sent for {UploadLifetime.TotalHours:0} hours); upload the file again.");
        if (!rule.Accepts(file.Mimetype)) throw new InvalidInputException($"Field '{field}': the upload is {file.Mimetype}; {kind} takes {rule.Allowed}.");
        if (file.Size > rule.MaxBytes)
            throw new InvalidInputException($"Field '{field}': the upload is {MediaRules.Size(file.Size)}, larger than {MediaRules.Size(rule.MaxBytes)}, the limit for {kind}.");
        return file with { FileName = fileName ?? file.FileName };
    }

    /// <summary>
    /// The file's type: the one given in the body, else the one the source declared (unless it is only
    /// application/octet-stream), else recognised from the bytes; a document may be anything. Refused when the kind does
    /// not take it.
    /// </summary>
    public static string DecideType(string kind, string? given, string? declared, ReadOnlySpan<byte> first, string field)
    {
        var rule = MediaRules.Kinds[kind];
        var declaredType = MediaRules.Normalize(declared);
        if (declaredType is not null && MediaRules.Base(declaredType) is "application/octet-stream" or "binary/octet-stream") declaredType = null;
        var type = MediaRules.Normalize(given) ?? declaredType ?? MediaRules.Sniff(first) ?? (kind == MessageKinds.Document ? "application/octet-stream" : null)
            ?? throw new InvalidInputException($"Field '{field}': the file's type could not be recognised; give '{kind}.mimetype' ({rule.Allowed}).");
        if (!rule.Accepts(type)) throw new InvalidInputException($"Field '{field}': the file is {type}; {kind} takes {rule.Allowed}.");
        return type;
    }

    private static (byte[] Bytes, string? Declared) Decode(string data, string field)
    {
        string? declared = null;
        var payload = data;
        if (data.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = data.IndexOf(',');
            var header = comma < 0 ? "" : data[5..comma];
            if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
                throw new InvalidInputException($"Field '{field}' must be base64, or a data: URL with ;base64.");
            declared = header[..^7];
            payload = data[(comma + 1)..];
        }
        try { return (Convert.FromBase64String(payload), declared); }
        catch (FormatException) { throw new InvalidInputException($"Field '{field}' is not valid base64."); }
    }

    private static string? NameFromUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && Uri.UnescapeDataString(u.Segments[^1]) is { Length: > 0 and <= 255 } name && name != "/"
            && !name.Any(char.IsControl) ? name : null;
}
