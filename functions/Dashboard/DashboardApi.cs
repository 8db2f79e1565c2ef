using WaFunctions.Auth;

namespace WaFunctions.Dashboard;

/// <summary>
/// The web console (<c>dashboard/</c>, built into <c>dashboard/dist</c> and shipped beside the app as <c>dashboard/</c>),
/// served same-origin at <c>/dashboard</c> (in Azure too: host.json sets no route prefix, so every path reaches the app). Public by
/// design: the page holds no data; it signs in with an API key kept in the browser tab and calls <c>/api/v1</c> like
/// any client. Paths are looked up in the list of shipped files, never joined onto a directory, so no request can reach
/// another file. Hashed assets are cached for a year; any other path is the app's own route and gets
/// <c>index.html</c> (no-cache). Every answer carries a strict Content-Security-Policy.
/// </summary>
internal static class DashboardApi
{
    private const string WhyPublic = "the web console's page and assets hold no data; it signs in with an API key kept in the browser tab";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder root)
    {
        root.MapGet("/dashboard", (HttpContext context) => Serve(context, DashboardFiles.Shipped, null))
            .WithName("Dashboard").AllowPublic(WhyPublic).ExcludeFromDescription();
        root.MapGet("/dashboard/{*path}", (string? path, HttpContext context) => Serve(context, DashboardFiles.Shipped, path))
            .WithName("DashboardAsset").AllowPublic(WhyPublic).ExcludeFromDescription();
        return root;
    }

    /// <summary>No inline script or style, nothing from another origin, images also from blob: (the QR, message pictures) and data:, audio and video from blob: (message files fetched with the key), no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string AssetsFolder = "assets/";

    internal static IResult Serve(HttpContext context, DashboardFiles files, string? path)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";

        path ??= "";
        // A shipped file, looked up by its exact relative path.
        if (files.Find(path) is { } file)
        {
            headers.CacheControl = path.StartsWith(AssetsFolder, StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            return Send(context, file);
        }
        // A missing asset is 404, never the page (a stale script name must not be parsed as HTML).
        if (path.StartsWith(AssetsFolder, StringComparison.Ordinal))
            return Results.Text("Not found.", "text/plain; charset=utf-8", statusCode: 404);
        // Anything else is one of the app's own routes (/numbers, /chats/…): the page, which routes itself.
        if (files.Find("index.html") is not { } index)
            return Results.Text("The dashboard is not built: scripts/install.sh builds dashboard/ into the app's output.",
                "text/plain; charset=utf-8", statusCode: 503);
        headers.CacheControl = "no-cache";
        return Send(context, index);
    }

    private static IResult Send(HttpContext context, DashboardFile file)
    {
        var gzip = file.Gzip is not null && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        var headers = context.Response.Headers;
        headers.Vary = "Accept-Encoding";
        // The two encodings are different bodies, so they carry different validators.
        headers.ETag = gzip ? file.ETag[..^1] + "-gz\"" : file.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == headers.ETag.ToString()) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (!gzip) return Results.Bytes(file.Content, file.ContentType);
        headers.ContentEncoding = "gzip";
        return Results.Bytes(file.Gzip!, file.ContentType);
    }
}
