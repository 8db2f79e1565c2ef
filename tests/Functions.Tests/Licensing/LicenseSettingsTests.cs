using System.Security.Cryptography;
using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

public class LicenseSettingsTests
{
    [Fact]
    public void DefaultsToOffWithNothingConfigured()
    {
        var s = Settings();
        Assert.Equal(LicenseMode.Off, s.Mode);
        Assert.Equal("off", s.ModeName);
        Assert.Null(s.Token);
        Assert.Null(s.PublicKey);
    }

    [Theory]
    [InlineData("", "off")]
    [InlineData("off", "off")]
    [InlineData("warn", "warn")]
    [InlineData("enforce", "enforce")]
    [InlineData(" Enforce ", "enforce")]
    public void Modes(string value, string expected)
    {
        using var key = NewKey();
        Assert.Equal(expected, Settings(value, key, null).ModeName);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("strict")]
    [InlineData("true")]
    public void UnknownModeNamesTheSettingAndTheChoices(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Settings(("WA_LICENSE_MODE", value)));
        Assert.Contains("WA_LICENSE_MODE", e.Message);
        Assert.Contains("off, warn, enforce", e.Message);
        Assert.Contains(value, e.Message);
    }

    [Theory]
    [InlineData("warn")]
    [InlineData("enforce")]
    public void CheckingWithoutAPublicKeyStopsStartUp(string mode)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Settings(("WA_LICENSE_MODE", mode)));
        Assert.Contains("WA_LICENSE_PUBLIC_KEY", e.Message);
    }

    [Fact]
    public void PemPublicKey()
    {
        using var key = NewKey();
        var s = Settings(("WA_LICENSE_PUBLIC_KEY", key.ExportSubjectPublicKeyInfoPem()));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), s.PublicKey!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void PemWithEscapedLineBreaks()
    {
        using var key = NewKey();
        var oneLine = key.ExportSubjectPublicKeyInfoPem().Replace("\n", "\\n");
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), Settings(("WA_LICENSE_PUBLIC_KEY", oneLine)).PublicKey!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void BareBase64PublicKey()
    {
        using var key = NewKey();
        var s = Settings(("WA_LICENSE_PUBLIC_KEY", " " + Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) + "\n"));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), s.PublicKey!.ExportSubjectPublicKeyInfo());
    }

    public static TheoryData<string> BadPublicKeys()
    {
        using var p256 = NewKey();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        return
        [
            "not a key",
            "AAAA",
            "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----",
            p256.ExportPkcs8PrivateKeyPem(), // a private key does not belong in configuration
            p384.ExportSubjectPublicKeyInfoPem(),
            Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo()),
            rsa.ExportSubjectPublicKeyInfoPem(),
            Convert.ToBase64String([.. p256.ExportSubjectPublicKeyInfo(), 0]),
            "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/license-public-key/)",
        ];
    }

    [Theory]
    [MemberData(nameof(BadPublicKeys))]
    public void BadPublicKeyNamesTheSetting(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Settings(("WA_LICENSE_PUBLIC_KEY", value)));
        Assert.Contains("WA_LICENSE_PUBLIC_KEY", e.Message);
    }

    [Fact]
    public void Secp256k1IsNotP256()
    {
        // Same key size as P-256, different curve; skipped where the platform lacks the curve.
        ECDsa k1;
        try { k1 = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10")); }
        catch (Exception e) when (e is PlatformNotSupportedException or CryptographicException) { return; }
        using (k1)
        {
            Assert.Equal(256, k1.KeySize);
            Assert.Throws<InvalidOperationException>(() => Settings(("WA_LICENSE_PUBLIC_KEY", k1.ExportSubjectPublicKeyInfoPem())));
        }
    }

    [Fact]
    public void TokenIsTrimmed()
    {
        using var key = NewKey();
        Assert.Equal("abc.def", Settings("enforce", key, "  abc.def\n").Token);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/license/)")]
    [InlineData("@Microsoft.KeyVault(VaultName=vault;SecretName=license)")]
    [InlineData("   ")]
    public void UnresolvedKeyVaultReferenceOrBlankIsNoToken(string value)
    {
        using var key = NewKey();
        var settings = Settings("enforce", key, value);
        Assert.Null(settings.Token);
        Assert.Equal(LicenseStatus.Missing, new LicenseState(settings, new ManualClock(Now)).Current.Status);
    }
}
