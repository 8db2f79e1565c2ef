using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

/// <summary>Everything that is not a properly signed P-256 token is invalid, and Verify never throws.</summary>
public class LicenseTokenRejectionTests
{
    [Fact]
    public void TamperedPayloadIsInvalid()
    {
        using var key = NewKey();
        var signature = Mint(key, Now.AddDays(1)).Split('.')[1];
        var forged = Base64Url.EncodeToString("""{"licensee":"Acme GmbH","plan":"business","expiresAt":"2099-01-01T00:00:00Z"}"""u8);
        var status = LicenseToken.Verify(forged + "." + signature, key, Now);
        Assert.Equal(LicenseStatus.Invalid, status.Status);
        Assert.Null(status.Payload);
        Assert.Equal("the signature does not match", status.Problem);
    }

    [Fact]
    public void SignedByAnotherKeyIsInvalid()
    {
        using var key = NewKey();
        using var other = NewKey();
        Assert.Equal(LicenseStatus.Invalid, LicenseToken.Verify(Mint(other, Now.AddDays(1)), key, Now).Status);
    }

    [Fact]
    public void NoPublicKeyIsInvalid()
    {
        using var key = NewKey();
        Assert.Equal(LicenseStatus.Invalid, LicenseToken.Verify(Mint(key, Now.AddDays(1)), null, Now).Status);
    }

    public static TheoryData<string> Garbage() =>
    [
        "garbage", ".", "abc.", ".abc", "a.b.c", "eyJ.e30.e30", "!!!.???", "abc def.ghi",
        "eyJsaWNlbnNlZSI6IngifQ==.AAAA", // padded base64
        "eyJsaWNlbnNlZSI6IngifQ.AAAA", // short signature
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public void GarbageIsInvalid(string token)
    {
        using var key = NewKey();
        var status = LicenseToken.Verify(token, key, Now);
        Assert.Equal(LicenseStatus.Invalid, status.Status);
        Assert.NotNull(status.Problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(40)]
    public void TruncatedIsInvalid(int cut)
    {
        using var key = NewKey();
        var token = Mint(key, Now.AddDays(1));
        Assert.Equal(LicenseStatus.Invalid, LicenseToken.Verify(token[..^cut], key, Now).Status);
    }

    [Fact]
    public void NonCanonicalBase64IsInvalid()
    {
        using var key = NewKey();
        var token = Mint(key, Now.AddDays(1));
        // 64 bytes take 86 characters; the last one has 4 unused low bits, zero when canonical.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var lookAlike = token[..^1] + alphabet[alphabet.IndexOf(token[^1]) + 1];
        Assert.Equal(LicenseStatus.Invalid, LicenseToken.Verify(lookAlike, key, Now).Status);
    }

    [Fact]
    public void EveryOneCharacterChangeIsInvalid()
    {
        using var key = NewKey();
        var token = Mint(key, Now.AddDays(1));
        for (var i = 0; i < token.Length; i++)
            foreach (var c in "A_.=+ é")
                if (c != token[i])
                {
                    var changed = token[..i] + c + token[(i + 1)..];
                    Assert.Equal(LicenseStatus.Invalid, LicenseToken.Verify(changed, key, Now).Status);
                }
    }

    [Fact]
    public void HugeTokenIsInvalidUnread()
    {
        using var key = NewKey();
        var status = LicenseToken.Verify(new string('A', LicenseToken.MaxLength) + ".AAAA", key, Now);
        Assert.Equal(LicenseStatus.Invalid, status.Status);
        Assert.Equal("the token is too long", status.Problem);
    }

    [Theory]
    [InlineData("not json", "the payload is not valid JSON")]
    [InlineData("[1,2]", "the payload is not a JSON object")]
    [InlineData("""{"plan":"p","expiresAt":"2099-01-01T00:00:00Z"}""", "the payload has no licensee")]
    [InlineData("""{"licensee":"","plan":"p","expiresAt":"2099-01-01T00:00:00Z"}""", "the payload has no licensee")]
    [InlineData("""{"licensee":"a","plan":7,"expiresAt":"2099-01-01T00:00:00Z"}""", "the payload has no plan")]
    [InlineData("""{"licensee":"a","plan":"p"}""", "the payload has no expiresAt")]
    [InlineData("""{"licensee":"a","plan":"p","expiresAt":"tomorrow"}""", "expiresAt is not an ISO-8601 UTC time")]
    [InlineData("""{"licensee":"a","plan":"p","expiresAt":"2099-01-01T00:00:00"}""", "expiresAt is not an ISO-8601 UTC time")]
    [InlineData("""{"licensee":"a","plan":"p","expiresAt":"2099-01-01T00:00:00+02:00"}""", "expiresAt is not an ISO-8601 UTC time")]
    [InlineData("""{"licensee":"a","licensee":"b","plan":"p","expiresAt":"2099-01-01T00:00:00Z"}""", "the payload is not valid JSON")]
    public void SignedButMalformedPayloadIsInvalid(string json, string problem)
    {
        using var key = NewKey();
        var status = LicenseToken.Verify(SignRaw(key, Encoding.UTF8.GetBytes(json)), key, Now);
        Assert.Equal(LicenseStatus.Invalid, status.Status);
        Assert.Equal(problem, status.Problem);
    }

    [Fact]
    public void SignedInvalidUtf8IsInvalid()
    {
        using var key = NewKey();
        Assert.Equal(LicenseStatus.Invalid, LicenseToken.Verify(SignRaw(key, [0x7B, 0xFF, 0xFE, 0x7D]), key, Now).Status);
    }

    [Fact]
    public void P384KeyIsInvalid()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        // Signed the same way but on P-384: the signature is 96 bytes and the curve is wrong.
        var token = SignRaw(p384, Encoding.UTF8.GetBytes("""{"licensee":"a","plan":"p","expiresAt":"2099-01-01T00:00:00Z"}"""));
        var status = LicenseToken.Verify(token, p384, Now);
        Assert.Equal(LicenseStatus.Invalid, status.Status);
        Assert.Equal("the public key is not on curve P-256", status.Problem);
    }
}
