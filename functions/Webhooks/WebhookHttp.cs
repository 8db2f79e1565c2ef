using System.Net;

namespace WaFunctions.Webhooks;

/// <summary>
/// The one HTTP client that talks to webhook receivers. Redirects are not followed (a 3xx is a
/// failed attempt), no proxy is used, and every new connection resolves the host through the
/// <see cref="UrlGuard"/> and connects to exactly the addresses it approved, so the address that
/// was checked is the address that is reached (no DNS rebinding between check and connect).
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    public const string UserAgent = "WaFunctions-Webhooks/1.0";

    public HttpClient Client { get; }

    public WebhookHttp(WebhookSettings settings)
    {
        var guard = new UrlGuard(settings.AllowPrivateTargets);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.RequestTimeout,
            // Connections are re-resolved (and re-checked) at least this often.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = Math.Max(settings.ConcurrencyPerReceiver, 1),
            ConnectCallback = guard.ConnectAsync,
        };
        Client = new HttpClient(handler) { Timeout = settings.RequestTimeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public void Dispose() => Client.Dispose();
}
