using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.OpenApi;

namespace WaFunctions.Media;

/// <summary>An uploaded file: send it with <c>mediaId</c> until <see cref="ExpiresAt"/>.</summary>
public sealed record MediaUploadView(string Id, string Mimetype, long Size, string Sha256, string? FileName, DateTimeOffset ExpiresAt);

/// <summary>
/// <c>POST /media</c> (scope <c>messages:write</c>): the one route that takes bodies over the API's 1 MiB JSON limit,
/// up to WhatsApp's largest file (100 MiB, a document), or the limit of <c>?kind=</c> when given. Raw bytes with their
/// Content-Type, or <c>multipart/form-data</c> (the first file part). Storage: the bytes streamed to Blob storage
/// (<see cref="MediaStore.WriteAsync"/>); nothing else.
/// </summary>
internal static class MediaApi
{
    /// <summary>Room for a multipart envelope around the largest file.</summary>
    private const long MultipartSlack = 1024 * 1024;

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder api)
    {
        api.MapPost("/media", UploadAsync).WithName("UploadMedia")
            .WithSummary("Upload a file to send")
            .WithDescription("Send the bytes as the body with their Content-Type (e.g. image/jpeg), or as multipart/form-data (the first file part). " +
                "Up to 100 MiB (documents); images 5 MiB, video and audio 16 MiB, stickers 500 KiB: with kind the file is checked against that kind now. " +
                "Answers the id to pass as mediaId in POST /messages, usable for 24 hours.")
            .Accepts<Stream>("*/*")
            .Returns<MediaUploadView>(StatusCodes.Status201Created)
            .WithQuery(Kind, FileName)
            .RequireScope(Scopes.MessagesWrite);
        return api;
    }

    private static readonly ChoiceQuery Kind = new("kind", MessageKinds.Media.ToList(), "The kind the file will be sent as: checks its type and size for that kind now.");
    private static readonly TextQuery FileName = new("fileName", 255, "The file's name (a document's name in the chat); a multipart part's own name otherwise.");

    internal static async Task<IResult> UploadAsync(HttpContext context, MediaStore store, TimeProvider clock, CancellationToken ct)
    {
        var request = context.Request;
        var kind = Kind.Read(request);
        var fileName = Fields.Text(FileName.Read(request), "fileName", 255);
        var max = kind is null ? MediaRules.MaxBytes : MediaRules.Kinds[kind].MaxBytes;
        string TooLarge(long limit) => kind is null
            ? $"The file is larger than {MediaRules.Size(limit)}, the largest WhatsApp takes (a document)."
            : $"The file is larger than {MediaRules.Size(limit)}, the limit for {kind}.";
        if (request.ContentLength > max + MultipartSlack) return ApiError.Result(413, "payload_too_large", TooLarge(max));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max + MultipartSlack;

        var id = "med_" + Guid.NewGuid().ToString("N");
        try
        {
            MediaFile file;
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
                    ?? throw new InvalidInputException("The multipart body has no boundary.");
                var reader = new MultipartReader(boundary, request.Body);
                MultipartSection? section;
                while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                    var name = fileName ?? Fields.Text(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value, "fileName", 255);
                    file = await WriteAsync(store, id, section.Body, section.ContentType, name, kind, max, TooLarge, ct);
                    return Created(file, clock);
                }
                throw new InvalidInputException("The multipart body has no file part.");
            }
            if (string.IsNullOrEmpty(request.ContentType))
                throw new InvalidInputException("Send the file with its Content-Type (e.g. image/jpeg), or as multipart/form-data.");
            file = await WriteAsync(store, id, request.Body, request.ContentType, fileName, kind, max, TooLarge, ct);
            return Created(file, clock);
        }
        catch (MediaTooLargeException e) { return ApiError.Result(413, "payload_too_large", e.Message); }
        catch (BadHttpRequestException e) when (e.StatusCode == 413) { return ApiError.Result(413, "payload_too_large", TooLarge(max)); }
    }

    private static Task<MediaFile> WriteAsync(MediaStore store, string id, Stream body, string? declared, string? fileName, string? kind, long max,
        Func<long, string> tooLarge, CancellationToken ct) =>
        store.WriteAsync(MediaResolver.UploadPrefix + id, body, fileName, max, first => kind is not null
            ? MediaResolver.DecideType(kind, null, declared, first.Span, "body")
            : Typed(declared, first.Span), tooLarge, ct);

    /// <summary>Without a kind any type is taken: the declared one, else recognised from the bytes, else octet-stream.</summary>
    private static string Typed(string? declared, ReadOnlySpan<byte> first) =>
        MediaRules.Normalize(declared) is { } t && MediaRules.Base(t) != "application/octet-stream" ? t : MediaRules.Sniff(first) ?? "application/octet-stream";

    private static IResult Created(MediaFile file, TimeProvider clock) =>
        Answer.Data(new MediaUploadView(file.Blob[MediaResolver.UploadPrefix.Length..], file.Mimetype, file.Size, file.Sha256,
            file.FileName, (file.StoredAt ?? clock.GetUtcNow()) + MediaResolver.UploadLifetime), StatusCodes.Status201Created);
}
