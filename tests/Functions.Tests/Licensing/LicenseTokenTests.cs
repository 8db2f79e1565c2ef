using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

/// <summary>Minting, the token format and expiry.</summary>
public class LicenseTokenTests
{
    [Fact]
    public void RoundTrip()
    {
        using var key = NewKey();
        var expires = Now.AddDays(30);
        var status = LicenseToken.Verify(Mint(key, expires, "Müller & Söhne \"KG\"", "pro"), key, Now);
        Assert.Equal(LicenseStatus.Valid, status.Status);
        Assert.Null(status.Problem);
        Assert.Equal(new LicensePayload("Müller & Söhne \"KG\"", "pro", expires), status.Payload);
    }

    [Fact]
    public void TokenShape()
    {
        using var key = NewKey();
        var parts = Mint(key, new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.FromHours(2))).Split('.');
        Assert.Equal(2, parts.Length);
        Assert.Equal("""{"licensee":"Acme GmbH","plan":"business","expiresAt":"2027-01-30T22:00:00Z"}""",
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        var signature = Base64Url.DecodeFromChars(parts[1]);
        Assert.Equal(64, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0]), signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void SubSecondExpiryRoundTrips()
    {
        using var key = NewKey();
        var expires = Now.AddTicks(1234567);
        Assert.Equal(expires, LicenseToken.Verify(Mint(key, expires), key, Now).Payload!.ExpiresAt);
    }

    [Fact]
    public void ExpiryBoundary()
    {
        using var key = NewKey();
        var token = Mint(key, Now);
        Assert.Equal(LicenseStatus.Valid, LicenseToken.Verify(token, key, Now.AddTicks(-1)).Status);
        var expired = LicenseToken.Verify(token, key, Now);
        Assert.Equal(LicenseStatus.Expired, expired.Status);
        Assert.Equal("expired on 2026-03-01T12:00:00Z", expired.Problem);
        Assert.Equal("Acme GmbH", expired.Payload!.Licensee);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoTokenIsMissing(string? token)
    {
        using var key = NewKey();
        Assert.Equal(LicenseStatus.Missing, LicenseToken.Verify(token, key, Now).Status);
    }

    [Fact]
    public void SurroundingWhitespaceIsIgnored()
    {
        using var key = NewKey();
        Assert.Equal(LicenseStatus.Valid, LicenseToken.Verify($"  {Mint(key, Now.AddDays(1))}\n", key, Now).Status);
    }

    [Fact]
    public void MintRefusesOtherCurves()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => Mint(p384, Now));
    }
}
