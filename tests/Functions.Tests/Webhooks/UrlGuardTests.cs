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
    [InlineData("http://127.0.0.1/hook")] [InlineData("http://10.0.0.5/hook")] [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:8080/hook")] [InlineData("http://localhost:9000/hook")] [InlineData("https://[::ffff:127.0.0.1]/")]
    public async Task Urls_that_reach_internal_hosts_are_refused(string url) =>
        await Assert.ThrowsAsync<TargetRefusedException>(() => Strict.CheckAsync(new Uri(url), CancellationToken.None));

    [Fact]
    public async Task Localhost_is_allowed_only_when_private_targets_are()
    {
        await Lenient.CheckAsync(new Uri("http://localhost:9000/hook"), CancellationToken.None);
        await Assert.ThrowsAsync<TargetRefusedException>(() => Lenient.CheckAsync(new Uri("http://169.254.169.254/"), CancellationToken.None));
    }

    [Theory]
    [InlineData("ftp://example.com/")] [InlineData("file:///etc/passwd")] [InlineData("gopher://example.com/")]
    public async Task Only_http_and_https_are_accepted(string url) =>
        await Assert.ThrowsAsync<TargetRefusedException>(() => Lenient.CheckAsync(new Uri(url), CancellationToken.None));

    [Fact]
    public async Task A_host_that_does_not_resolve_is_refused() =>
        await Assert.ThrowsAsync<TargetRefusedException>(() => Strict.ResolveAsync("no-such-host.invalid", CancellationToken.None));
}
