using System.Net;
using System.Net.Sockets;

namespace WaFunctions.Webhooks;

/// <summary>The target is not one webhooks may reach; the message is safe to show to the API caller.</summary>
public sealed class TargetRefusedException(string message) : Exception(message);

/// <summary>
/// The SSRF guard: webhook targets must be http(s), and every address their host resolves to must
/// be public. Loopback, private, shared (CGNAT), benchmark (198.18/15), link-local, unspecified,
/// multicast and broadcast addresses are refused unless private targets are allowed (local
/// development and tests). Cloud metadata endpoints and Azure's platform endpoint (168.63.129.16)
/// are refused always. IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible,
/// IPv4-translated, NAT64, 6to4, Teredo) are decoded and judged by that IPv4 address too, since a
/// translator, relay or dual stack may turn them into a connection to it. The check runs at
/// registration and again inside the delivery connection (<see cref="WebhookHttp"/>), which
/// connects only to the addresses checked here, so a DNS answer that changes cannot slip past it. Media URLs (the API
/// fetches them for sends) pass the same guard (<see cref="Media.MediaFetcher"/>); <paramref name="purpose"/> names who
/// is refused in the message.
/// </summary>
public sealed class UrlGuard(bool allowPrivate, string purpose = "webhooks")
{
    private static readonly IPAddress[] Metadata = [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254")];

    /// <summary>Azure's WireServer / platform DNS and health endpoint, reachable from every Azure VM and container.</summary>
    private static readonly IPAddress AzurePlatform = IPAddress.Parse("168.63.129.16");

    /// <summary>What an address is, most severe last; everything from <see cref="Invalid"/> on is refused even when private targets are allowed.</summary>
    private enum Kind { Public, Internal, Invalid, Platform, Metadata }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to addresses <see cref="ResolveAsync"/> allowed,
    /// trying each in turn, so a name cannot be re-resolved to an internal address between the check and the connection.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

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
            if (Refusal(address) is { } why) throw new TargetRefusedException($"The host '{host}' resolves to {why} ({address}); {purpose} may not target it.");
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
        var (kind, why) = Judge(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            foreach (var (form, embedded, exact) in EmbeddedIPv4(address.GetAddressBytes()))
            {
                var (inner, innerWhy) = Judge(embedded);
                // Where the layout is a guess (local-use NAT64), the zero padding of the other layouts reads as 0.x.x.x:
                // only a guess that lands on an internal, platform or metadata address counts.
                if (!exact && inner == Kind.Invalid) continue;
                if (inner > kind) (kind, why) = (inner, $"{form} of {innerWhy} ({embedded})");
            }
        return kind switch
        {
            Kind.Public => null,
            Kind.Internal when allowPrivate => null,
            _ => why,
        };
    }

    private static (Kind Kind, string Why) Judge(IPAddress a)
    {
        if (Metadata.Any(m => m.Equals(a))) return (Kind.Metadata, "a cloud metadata address");
        if (a.Equals(AzurePlatform)) return (Kind.Platform, "the Azure platform endpoint");
        if (IsAlwaysInvalid(a)) return (Kind.Invalid, "an unspecified, multicast or broadcast address");
        return IsInternal(a) ? (Kind.Internal, "a loopback, private or link-local address") : (Kind.Public, "a public address");
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 address carries, by form; <c>Exact</c> is false where the position is one of several the
    /// form allows. (IPv4-mapped <c>::ffff:a.b.c.d</c> is converted before this.)
    /// </summary>
    private static IEnumerable<(string Form, IPAddress IPv4, bool Exact)> EmbeddedIPv4(byte[] b)
    {
        IPAddress V4(params int[] at) => new([b[at[0]], b[at[1]], b[at[2]], b[at[3]]]);
        bool Zero(int from, int to) => b[from..to].All(x => x == 0);

        // ::a.b.c.d, deprecated IPv4-compatible (:: and ::1 are the unspecified and loopback addresses, not this form).
        if (Zero(0, 12) && !(Zero(12, 15) && b[15] <= 1)) yield return ("an IPv4-compatible address", V4(12, 13, 14, 15), true);
        // ::ffff:0:a.b.c.d, IPv4-translated (SIIT, RFC 2765).
        if (Zero(0, 8) && b[8] == 0xFF && b[9] == 0xFF && Zero(10, 12)) yield return ("an IPv4-translated address", V4(12, 13, 14, 15), true);
        // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052): the IPv4 address is the last 32 bits.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && Zero(4, 12)) yield return ("a NAT64 address", V4(12, 13, 14, 15), true);
        // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): the operator picks a prefix of 48 to 96 bits, so try every RFC 6052
        // layout for those lengths (bits 64-71 are always zero and skipped).
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01)
        {
            yield return ("a local-use NAT64 address", V4(6, 7, 9, 10), false);   // /48
            yield return ("a local-use NAT64 address", V4(7, 9, 10, 11), false);  // /56
            yield return ("a local-use NAT64 address", V4(9, 10, 11, 12), false); // /64
            yield return ("a local-use NAT64 address", V4(12, 13, 14, 15), false); // /96
        }
        // 2002::/16, 6to4 (RFC 3056): the relay's IPv4 address is bits 16-47.
        if (b[0] == 0x20 && b[1] == 0x02) yield return ("a 6to4 address", V4(2, 3, 4, 5), true);
        // 2001::/32, Teredo (RFC 4380): the server's IPv4 address is bits 32-63, the client's is the last 32 bits inverted.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        {
            yield return ("a Teredo address (server)", V4(4, 5, 6, 7), true);
            yield return ("a Teredo address (client)", new IPAddress([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]), true);
        }
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
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)      // 192.0.0/24 IETF protocol assignments
                || (b[0] == 198 && (b[1] & 0xFE) == 18);        // 198.18/15 benchmarking (RFC 2544), used inside networks
        return (b[0] & 0xFE) == 0xFC                            // fc00::/7 unique local
            || a.IsIPv6LinkLocal || a.IsIPv6SiteLocal           // fe80::/10, fec0::/10
            || (b.Take(12).SequenceEqual(new byte[12]) && b[12..].Any(x => x != 0)); // deprecated IPv4-compatible ::a.b.c.d
    }
}
