using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using WaFunctions.Licensing;

namespace WaFunctions.Tests.Licensing;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Fresh keys and tokens per test, so tests share nothing.</summary>
internal static class LicenseTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string Mint(ECDsa key, DateTimeOffset expiresAt, string licensee = "Acme GmbH", string plan = "business") =>
        LicenseToken.Mint(new LicensePayload(licensee, plan, expiresAt), key);

    /// <summary>A token over arbitrary payload bytes, signed the way Mint signs.</summary>
    public static string SignRaw(ECDsa key, byte[] payload)
    {
        var body = Base64Url.EncodeToString(payload);
        return body + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(body), HashAlgorithmName.SHA256));
    }

    public static LicenseSettings Settings(params (string Key, string? Value)[] values) =>
        LicenseSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    /// <summary>Settings in <paramref name="mode"/> with a public key and the given token (null: none).</summary>
    public static LicenseSettings Settings(string mode, ECDsa key, string? token) =>
        Settings(("WA_LICENSE_MODE", mode), ("WA_LICENSE_PUBLIC_KEY", key.ExportSubjectPublicKeyInfoPem()), ("WA_LICENSE_KEY", token));

    /// <summary>
    /// Settings and state whose license is <paramref name="status"/> at <see cref="Now"/>:
    /// valid, expired (a day ago), invalid (signed by another key) or missing.
    /// </summary>
    public static (LicenseSettings Settings, LicenseState State) WithLicense(string mode, string status)
    {
        using var key = NewKey();
        using var other = NewKey();
        var token = status switch
        {
            LicenseStatus.Valid => Mint(key, Now.AddDays(30)),
            LicenseStatus.Expired => Mint(key, Now.AddDays(-1)),
            LicenseStatus.Invalid => Mint(other, Now.AddDays(30)),
            LicenseStatus.Missing => null,
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        var settings = Settings(mode, key, token);
        return (settings, new LicenseState(settings, new ManualClock(Now)));
    }
}
