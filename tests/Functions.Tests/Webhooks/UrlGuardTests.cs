using System.Net;
using WaFunctions.Webhooks;

namespace WaFunctions.Tests.Webhooks;

public sealed class UrlGuardTests
{
    private static readonly UrlGuard Strict = new(allowPrivate: false);
    private static readonly UrlGuard Lenient = new(allowPrivate: true);

    [Theory]
    [InlineData("127.0.0.1")] [InlineData("127.255.0.9")] [InlineData("10.0.0.5")] [InlineData("172.16.0.1")] [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")] [InlineData("169.254.169.254")] [InlineData("169.254.1.1")] [InlineData("100.64.0.1")] [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")] [InlineData("255.255.255.255")] [InlineData("::1")] [InlineData("::")] [InlineData("fc00::1")] [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")] [InlineData("ff02::1")] [InlineData("::ffff:127.0.0.1")] [InlineData("::ffff:10.0.0.5")] [InlineData("::ffff:169.254.169.254")]
    [InlineData("fd00:ec2::254")] [InlineData("::127.0.0.1")]
    public void Internal_and_invalid_addresses_are_refused(string address) => Assert.NotNull(Strict.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")] [InlineData("8.8.8.8")] [InlineData("172.32.0.1")] [InlineData("172.15.255.255")] [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")] [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => Assert.Null(Strict.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")] [InlineData("10.0.0.5")] [InlineData("::1")] [InlineData("192.168.0.10")] [InlineData("fe80::1")]
    public void Allowing_private_targets_allows_internal_addresses(string address) => Assert.Null(Lenient.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254")] [InlineData("fd00:ec2::254")] [InlineData("::ffff:169.254.169.254")] [InlineData("0.0.0.0")] [InlineData("224.0.0.1")]
    public void Cloud_metadata_and_unroutable_addresses_are_refused_even_when_private_targets_are_allowed(string address) =>
        Assert.NotNull(Lenient.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("168.63.129.16")] [InlineData("::ffff:168.63.129.16")]
    public void The_Azure_platform_endpoint_is_refused_always(string address)
    {
        Assert.NotNull(Strict.Refusal(IPAddress.Parse(address)));
        Assert.NotNull(Lenient.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("198.18.0.1")] [InlineData("198.19.255.255")] [InlineData("::ffff:198.18.0.1")]
    public void The_benchmark_range_is_refused(string address) => Assert.NotNull(Strict.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("198.17.255.255")] [InlineData("198.20.0.0")]
    public void Addresses_next_to_the_benchmark_range_are_allowed(string address) => Assert.Null(Strict.Refusal(IPAddress.Parse(address)));

    // IPv6 forms that carry an IPv4 address, which a translator, relay or dual stack may turn into a connection
    // to that IPv4 address. Each is decoded and the IPv4 address judged.
    [Theory]
    [InlineData("64:ff9b::7f00:1")] [InlineData("64:ff9b::10.0.0.5")] [InlineData("64:ff9b::c0a8:101")] [InlineData("64:ff9b::a9fe:101")]
    [InlineData("64:ff9b::169.254.169.254")] [InlineData("64:ff9b::168.63.129.16")] [InlineData("64:ff9b::100.64.0.1")] [InlineData("64:ff9b::198.18.0.1")]
    [InlineData("64:ff9b:1::10.0.0.5")] [InlineData("64:ff9b:1::7f00:1")] [InlineData("64:ff9b:1:ab::172.16.0.1")]   // local-use NAT64, /96 layout
    [InlineData("64:ff9b:1:0:a:0:500:0")]     // local-use NAT64, /64 layout (RFC 6052): 10.0.0.5 in bits 72..103
    [InlineData("64:ff9b:1:a9fe:a9:fe00::")]  // local-use NAT64, /48 layout: 169.254.169.254 split around the zero octet
    [InlineData("2002:7f00:1::")] [InlineData("2002:a00:5::1")] [InlineData("2002:c0a8:101:1::1")] [InlineData("2002:a9fe:a9fe::")] [InlineData("2002:a83f:8110::")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffa")]   // Teredo, client 10.0.0.5 (stored inverted)
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")]   // Teredo, client 127.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601")]   // Teredo, client 169.254.169.254
    [InlineData("2001:0:a00:5:8000:63bf:3fff:fdd2")]       // Teredo, server 10.0.0.5
    [InlineData("::10.0.0.5")] [InlineData("::169.254.169.254")] [InlineData("::168.63.129.16")] [InlineData("::8.8.8.8")]   // IPv4-compatible (deprecated)
    [InlineData("::ffff:0:10.0.0.5")]   // IPv4-translated (SIIT)
    public void IPv6_forms_embedding_an_internal_IPv4_address_are_refused(string address) =>
        Assert.NotNull(Strict.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::169.254.169.254")] [InlineData("64:ff9b::168.63.129.16")] [InlineData("64:ff9b::0.0.0.0")] [InlineData("64:ff9b::224.0.0.1")]
    [InlineData("64:ff9b:1::169.254.169.254")] [InlineData("64:ff9b:1:a9fe:a9:fe00::")]
    [InlineData("2002:a9fe:a9fe::")] [InlineData("2002:a83f:8110::")] [InlineData("2001:0:4136:e378:8000:63bf:5601:5601")]
    [InlineData("::169.254.169.254")] [InlineData("::168.63.129.16")] [InlineData("::ffff:0:169.254.169.254")] [InlineData("::0.0.0.2")]
    public void IPv6_forms_embedding_metadata_or_unroutable_IPv4_are_refused_even_when_private_targets_are_allowed(string address) =>
        Assert.NotNull(Lenient.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::7f00:1")] [InlineData("64:ff9b:1::10.0.0.5")] [InlineData("2002:c0a8:101::1")] [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffa")]
    public void IPv6_forms_embedding_a_private_IPv4_address_are_allowed_when_private_targets_are(string address) =>
        Assert.Null(Lenient.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::808:808")] [InlineData("64:ff9b::93.184.216.34")] [InlineData("64:ff9b:1::808:808")] [InlineData("64:ff9b:1:ab::8.8.4.4")]
    [InlineData("2002:808:808::1")] [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]   // Teredo server 65.54.227.120, client 192.0.2.45
    public void IPv6_forms_embedding_a_public_IPv4_address_are_allowed(string address) => Assert.Null(Strict.Refusal(IPAddress.Parse(address)));

    [Fact]
    public void A_refusal_names_the_embedded_address()
    {
        var why = Lenient.Refusal(IPAddress.Parse("2002:a9fe:a9fe::"));
        Assert.Contains("169.254.169.254", why);
        Assert.Contains("metadata", why);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")] [InlineData("http://10.0.0.5/hook")] [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:8080/hook")] [InlineData("http://localhost:9000/hook")] [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("http://168.63.129.16/machine?comp=goalstate")] [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/")] [InlineData("http://[2002:a00:5::1]/")]
    public async Task Urls_that_reach_internal_hosts_are_refused(string url) =>
        await Assert.ThrowsAsync<TargetRefusedException>(() => Strict.CheckAsync(new Uri(url), CancellationToken.None));

    [Fact]
    public async Task Localhost_is_allowed_only_when_private_targets_are()
    {
        await Lenient.CheckAsync(new Uri("http://localhost:9000/hook"), CancellationToken.None);
        await Assert.ThrowsAsync<TargetRefusedException>(() => Lenient.CheckAsync(new Uri("http://169.254.169.254/"), CancellationToken.None));
        await Assert.ThrowsAsync<TargetRefusedException>(() => Lenient.CheckAsync(new Uri("http://168.63.129.16/"), CancellationToken.None));
        await Assert.ThrowsAsync<TargetRefusedException>(() => Lenient.CheckAsync(new Uri("http://[64:ff9b::a9fe:a9fe]/"), CancellationToken.None));
    }

    [Theory]
    [InlineData("ftp://example.com/")] [InlineData("file:///etc/passwd")] [InlineData("gopher://example.com/")]
    public async Task Only_http_and_https_are_accepted(string url) =>
        await Assert.ThrowsAsync<TargetRefusedException>(() => Lenient.CheckAsync(new Uri(url), CancellationToken.None));

    [Fact]
    public async Task A_host_that_does_not_resolve_is_refused() =>
        await Assert.ThrowsAsync<TargetRefusedException>(() => Strict.ResolveAsync("no-such-host.invalid", CancellationToken.None));
}
