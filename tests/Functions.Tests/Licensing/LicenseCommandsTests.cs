using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

public sealed class LicenseCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wafunctions-license-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (bool Ran, int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var ran = LicenseCommands.TryRun(args, output, error, out var exitCode);
        return (ran, exitCode, output.ToString(), error.ToString());
    }

    private string NewKeyPairFile()
    {
        var (ran, exitCode, output, _) = Run("--new-license-keypair");
        Assert.True(ran);
        Assert.Equal(0, exitCode);
        var path = Path.Combine(_dir, "license-keypair.pem");
        File.WriteAllText(path, output);
        return path;
    }

    [Theory]
    [InlineData]
    [InlineData("--write-functions", "out")]
    [InlineData("--urls", "http://localhost:1")]
    [InlineData("--mint")]
    public void OtherArgumentsAreNotLicenseCommands(params string[] args)
    {
        var (ran, exitCode, output, error) = Run(args);
        Assert.False(ran);
        Assert.Equal(0, exitCode);
        Assert.Empty(output + error);
    }

    [Fact]
    public void KeyPairThenMintThenVerify()
    {
        var keyFile = NewKeyPairFile();
        var printed = File.ReadAllText(keyFile);
        Assert.Contains("-----BEGIN PRIVATE KEY-----", printed);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", printed);

        var (ran, exitCode, token, error) = Run("--mint-license", "--private-key", keyFile,
            "--licensee", "Acme GmbH", "--plan", "business", "--expires-at", "2099-01-31");
        Assert.True(ran);
        Assert.Equal(0, exitCode);
        Assert.Empty(error);

        // Both printed forms of the public key work as WA_LICENSE_PUBLIC_KEY.
        var pem = printed[printed.IndexOf("-----BEGIN PUBLIC KEY-----")..(printed.IndexOf("-----END PUBLIC KEY-----") + 24)];
        var base64 = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        foreach (var publicKey in new[] { pem, base64 })
        {
            var status = LicenseToken.Verify(token, Settings(("WA_LICENSE_PUBLIC_KEY", publicKey)).PublicKey, Now);
            Assert.Equal(LicenseStatus.Valid, status.Status);
            Assert.Equal(new LicensePayload("Acme GmbH", "business", new DateTimeOffset(2099, 1, 31, 0, 0, 0, TimeSpan.Zero)), status.Payload);
        }
    }

    [Theory]
    [InlineData("2027-01-31T12:30:00Z", "2027-01-31T12:30:00Z")]
    [InlineData("2027-01-31T12:30:00+02:00", "2027-01-31T10:30:00Z")]
    [InlineData("2027-01-31T12:30:00", "2027-01-31T12:30:00Z")]
    [InlineData("2027-01-31T12:30Z", "2027-01-31T12:30:00Z")]
    [InlineData("2027-01-31T12:30:00.5Z", "2027-01-31T12:30:00.5Z")]
    public void ExpiryForms(string given, string expected)
    {
        var keyFile = NewKeyPairFile();
        var (_, exitCode, token, _) = Run("--mint-license", "--private-key", keyFile, "--licensee", "a", "--plan", "p", "--expires-at", given);
        Assert.Equal(0, exitCode);
        using var key = LicenseKeys.ParsePrivateKey(File.ReadAllText(keyFile));
        var payload = LicenseToken.Verify(token, key, Now).Payload!;
        Assert.Equal(expected, LicensePayload.FormatTime(payload.ExpiresAt));
    }

    [Fact]
    public void AlreadyExpiredIsMintedWithANote()
    {
        var (_, exitCode, token, error) = Run("--mint-license", "--private-key", NewKeyPairFile(), "--licensee", "a", "--plan", "p", "--expires-at", "2020-01-01");
        Assert.Equal(0, exitCode);
        Assert.NotEmpty(token.Trim());
        Assert.Contains("already expired", error);
    }

    [Fact]
    public void OpenSslEcPrivateKeyWorks()
    {
        using var key = NewKey();
        var path = Path.Combine(_dir, "ec.pem");
        File.WriteAllText(path, key.ExportECPrivateKeyPem());
        var (_, exitCode, token, _) = Run("--mint-license", "--private-key", path, "--licensee", "a", "--plan", "p", "--expires-at", "2099-01-01");
        Assert.Equal(0, exitCode);
        Assert.Equal(LicenseStatus.Valid, LicenseToken.Verify(token, key, Now).Status);
    }

    public static TheoryData<string[], string> BadArguments() => new()
    {
        { ["--mint-license"], "Missing --private-key, --licensee, --plan, --expires-at." },
        { ["--mint-license", "--licensee", "a", "--plan", "p", "--expires-at", "2099-01-01"], "Missing --private-key." },
        { ["--mint-license", "--private-key"], "--private-key needs a value." },
        { ["--mint-license", "--private-key", "--licensee", "a"], "--private-key needs a value." },
        { ["--mint-license", "--licensee", "a", "--licensee", "b"], "--licensee is given twice." },
        { ["--mint-license", "--colour", "blue"], "Unknown argument '--colour'." },
        { ["--mint-license", "--private-key", "k", "--licensee", "a", "--plan", "p", "--expires-at", "next year"], "--expires-at 'next year' is not an ISO date" },
        { ["--new-license-keypair", "extra"], "--new-license-keypair takes no arguments." },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsExplainAndShowUsage(string[] args, string message)
    {
        var (ran, exitCode, output, error) = Run(args);
        Assert.True(ran);
        Assert.Equal(LicenseCommands.BadArguments, exitCode);
        Assert.Empty(output);
        Assert.StartsWith(message, error);
        Assert.Contains("--mint-license --private-key <pem file>", error);
    }

    [Fact]
    public void UnusableKeyFile()
    {
        var publicOnly = Path.Combine(_dir, "public.pem");
        using (var key = NewKey()) File.WriteAllText(publicOnly, key.ExportSubjectPublicKeyInfoPem());
        foreach (var path in new[] { Path.Combine(_dir, "absent.pem"), publicOnly })
        {
            var (_, exitCode, output, error) = Run("--mint-license", "--private-key", path, "--licensee", "a", "--plan", "p", "--expires-at", "2099-01-01");
            Assert.Equal(LicenseCommands.Failed, exitCode);
            Assert.Empty(output);
            Assert.Contains(path, error);
        }
    }
}
