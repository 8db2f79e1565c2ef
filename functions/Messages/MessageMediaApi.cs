using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Media;
using WaFunctions.OpenApi;

namespace WaFunctions.Messages;

/// <summary>
/// <c>GET /messages/{id}/media</c> (scope <c>chats:read</c>): the file of a message, received or sent, streamed from
/// Blob storage with its content type. The bytes are a stranger's, served from the API's origin (which also serves the
/// dashboard), so they are never rendered as a page: <c>nosniff</c>, a sandboxing CSP, and anything but images, video and
/// audio as an attachment. One lookup of the message, one blob GET.
/// </summary>
internal static class MessageMediaApi
{
    public static IEndpointRouteBuilder MapMessageMedia(this IEndpointRouteBuilder api)
    {
        var endpoint = api.MapGet("/messages/{id}/media", GetAsync).WithName("GetMessageMedia")
            .WithSummary("Get the file of a message")
            .WithDescription("Streams the file of a message, received or sent, with its own content type (media.mimetype in GET /messages/{id}): " +
                "images, video and audio inline, anything else as an attachment. Give sessionId when the same id could exist on two numbers.")
            .WithQuery(MessagesApi.SessionId)
            .Fails(404, "not_found", "No such message, it has no file, its file could not be downloaded (media.error in GET /messages/{id}), or it was deleted for everyone.");
        foreach (var range in MediaRules.ServedRanges) endpoint.ReturnsFile(range);
        endpoint.RequireScope(Scopes.ChatsRead);
        return api;
    }

    internal static async Task<IResult> GetAsync(string id, HttpContext context, MessageStore messages, MediaStore store, CancellationToken ct)
    {
        if (await MessagesApi.FindAsync(id, context.Request, messages, ct) is not { } m) return ApiError.NotFound($"No message '{id}'.");
        if (m.RevokedAt is not null) return ApiError.NotFound($"The message '{id}' was deleted for everyone; its file is no longer served.");
        if (m.Details?.Media is not { } media) return ApiError.NotFound($"The message '{id}' has no file.");
        if (media.Blob is not { } blob)
            return ApiError.NotFound($"The file of message '{id}' could not be downloaded ({media.Error ?? "unknown"}{(media.Detail is { } d ? ": " + d : "")}).");
        if (await store.OpenAsync(blob, ct) is not var (stream, contentType, length))
            return ApiError.NotFound($"The file of message '{id}' is no longer stored.");
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var inline = MediaRules.Base(contentType) is var t && (t.StartsWith("image/", StringComparison.Ordinal) && t != "image/svg+xml"
            || t.StartsWith("video/", StringComparison.Ordinal) || t.StartsWith("audio/", StringComparison.Ordinal));
        headers.ContentLength = length;
        return Results.Stream(stream, MediaRules.Served(contentType), inline ? null : media.FileName ?? $"{m.Kind}-{m.MessageId}", enableRangeProcessing: false);
    }
}
