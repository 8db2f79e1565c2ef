using System.Net;
using System.Net.Sockets;
using WaFunctions.Errors;
using WaFunctions.Webhooks;

namespace WaFunctions.Media;

/// <summary>
/// Fetches a media URL for a send — the API does, never the engine. The same SSRF guard as webhooks
/// (<see cref="UrlGuard"/>): http(s) only; every connection resolves the host and connects only to the addresses the
/// guard approved (loopback, private and link-local refused unless <c>WA_WEBHOOKS_ALLOW_PRIVATE=true</c>; cloud
/// metadata and the Azure platform address always); redirects are followed by hand, at most
/// <see cref="MediaSettings.MaxRedirects"/>, each target checked again; no proxy, no cookies. The body streams into
/// Blob storage, cut off at the kind's size limit and the fetch timeout. Failures are 400 <c>invalid_input</c> naming the
/// field and saying what went wrong.
/// </summary>
public sealed class MediaFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly MediaSettings _settings;

    public MediaFetcher(MediaSettings settings)
    {
        _settings = settings;
        var guard = new UrlGuard(settings.AllowPrivateTargets, "media URLs");
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.FetchTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = guard.ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("WaFunctions-Media/1.0");
    }

    /// <summary>
    /// GETs <paramref name="url"/> and hands the open response to <paramref name="store"/> (with the type the server
    /// declared, if any), all within the fetch timeout. <paramref name="field"/> names the body field in errors.
    /// </summary>
    public async Task<T> FetchAsync<T>(string url, string field, long maxBytes, Func<Stream, string?, CancellationToken, Task<T>> store, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || url.Length > 2048)
            throw new InvalidInputException($"Field '{field}' must be an absolute http or https URL.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.FetchTimeout);
        try
        {
            for (var hop = 0; ; hop++)
            {
                UrlGuard.CheckShape(target);
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop == MediaSettings.MaxRedirects) throw new InvalidInputException($"Field '{field}': the URL redirected more than {MediaSettings.MaxRedirects} times.");
                    target = new Uri(target, location);
                    continue;
                }
                if (status is < 200 or >= 300)
                    throw new InvalidInputException($"Field '{field}': the URL answered {status} {response.ReasonPhrase}.");
                if (response.Content.Headers.ContentLength is long length && length > maxBytes)
                    throw new MediaTooLargeException($"Field '{field}': the file is {MediaRules.Size(length)}, larger than {MediaRules.Size(maxBytes)}.");
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                return await store(body, response.Content.Headers.ContentType?.ToString(), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (TargetRefusedException e) { throw new InvalidInputException($"Field '{field}': {e.Message}"); }
        catch (HttpRequestException e) when (Find<TargetRefusedException>(e) is { } refused) { throw new InvalidInputException($"Field '{field}': {refused.Message}"); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new InvalidInputException($"Field '{field}': the URL did not deliver the file within {_settings.FetchTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            throw new InvalidInputException($"Field '{field}': the URL could not be reached ({Reason(e)}).");
        }
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException) if (e is T t) return t;
        return null;
    }

    private static string Reason(Exception e) => Find<SocketException>(e)?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        _ => e.InnerException?.Message ?? e.Message,
    };

    public void Dispose() => _http.Dispose();
}
