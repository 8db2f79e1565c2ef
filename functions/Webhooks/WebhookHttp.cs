using System.Net;
using System.Net.Sockets;

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
            ConnectCallback = async (context, ct) =>
            {
                var addresses = await guard.ResolveAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
                Exception? last = null;
                foreach (var address in addresses)
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException)
                    {
                        socket.Dispose();
                        last = e;
                        if (e is OperationCanceledException) throw;
                    }
                }
                throw last ?? new SocketException((int)SocketError.HostNotFound);
            },
        };
        Client = new HttpClient(handler) { Timeout = settings.RequestTimeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public void Dispose() => Client.Dispose();
}
