using System.Net;
using System.Net.Sockets;

namespace WaFunctions.Webhooks;

/// <summary>The target is not one webhooks may reach; the message is safe to show to the API caller.</summary>
public sealed class TargetRefusedException(string message) : Exception(message);

/// <summary>
/// The SSRF guard: webhook targets must be http(s), and every address their host resolves to must
/// be public. Loopback, private, shared (CGNAT), link-local, unspecified, multicast and broadcast
/// addresses, and the IPv4-mapped IPv6 forms of these, are refused unless private targets are
/// allowed (local development and tests). Cloud metadata endpoints are refused always. The check
/// runs at registration and again inside the delivery connection (<see cref="WebhookHttp"/>), which
/// connects only to the addresses checked here, so a DNS answer that changes cannot slip past it.
/// </summary>
public sealed class UrlGuard(bool allowPrivate)
{
    private static readonly IPAddress[] Metadata = [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254")];

    /// <summary>Resolves <paramref name="host"/> (an IP literal resolves to itself) and returns its addresses if every one is allowed.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(bare, cancellationToken).ConfigureAwait(false); }
            catch (SocketException) { throw new TargetRefusedException($"The host '{host}' could not be resolved."); }
            if (addresses.Length == 0) throw new TargetRefusedException($"The host '{host}' could not be resolved.");
        }
        // Refuse if ANY address is refused: a name with one public and one internal address must not
        // become a way in when the connection happens to pick the internal one.
        foreach (var address in addresses)
            if (Refusal(address) is { } why) throw new TargetRefusedException($"The host '{host}' resolves to {why} ({address}); webhooks may not target it.");
        return addresses;
    }

    /// <summary>Checks the URL's form and resolves its host; throws <see cref="TargetRefusedException"/> with the reason.</summary>
    public async Task CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        CheckShape(url);
        await ResolveAsync(url.Host, cancellationToken).ConfigureAwait(false);
    }

    public static void CheckShape(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new TargetRefusedException("The URL must be an absolute http or https URL.");
        if (url.Host.Length == 0) throw new TargetRefusedException("The URL has no host.");
    }

    /// <summary>Why <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (Metadata.Any(m => m.Equals(address))) return "a cloud metadata address";
        if (IsAlwaysInvalid(address)) return "an unspecified, multicast or broadcast address";
        if (allowPrivate) return null;
        return IsInternal(address) ? "a loopback, private or link-local address" : null;
    }

    private static bool IsAlwaysInvalid(IPAddress a)
    {
        if (a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.Broadcast)) return true;
        if (a.AddressFamily == AddressFamily.InterNetworkV6) return a.IsIPv6Multicast;
        var b = a.GetAddressBytes();
        return b[0] == 0 || b[0] >= 224; // 0.0.0.0/8 "this network", 224/4 multicast, 240/4 reserved and broadcast
    }

    private static bool IsInternal(IPAddress a)
    {
        if (IPAddress.IsLoopback(a)) return true;
        var b = a.GetAddressBytes();
        if (a.AddressFamily == AddressFamily.InterNetwork)
            return b[0] == 10                                   // 10/8
                || (b[0] == 172 && (b[1] & 0xF0) == 16)         // 172.16/12
                || (b[0] == 192 && b[1] == 168)                 // 192.168/16
                || (b[0] == 169 && b[1] == 254)                 // 169.254/16 link-local
                || (b[0] == 100 && (b[1] & 0xC0) == 64)         // 100.64/10 shared address space (CGNAT)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0);     // 192.0.0/24 IETF protocol assignments
        return (b[0] & 0xFE) == 0xFC                            // fc00::/7 unique local
            || a.IsIPv6LinkLocal || a.IsIPv6SiteLocal           // fe80::/10, fec0::/10
            || (b.Take(12).SequenceEqual(new byte[12]) && b[12..].Any(x => x != 0)); // deprecated IPv4-compatible ::a.b.c.d
    }
}
