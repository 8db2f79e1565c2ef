using System.Security.Cryptography;

namespace WaFunctions.Licensing;

internal enum LicenseMode
{
    /// <summary>The license is not checked (the default).</summary>
    Off,
    /// <summary>Everything works; responses say why the license is not valid.</summary>
    Warn,
    /// <summary>Writes are refused with 402 unless the license is valid; reads still work.</summary>
    Enforce,
}

/// <summary>How the license is checked, read once at start-up.</summary>
internal sealed class LicenseSettings
{
    public const string ModeSetting = "WA_LICENSE_MODE";
    public const string KeySetting = "WA_LICENSE_KEY";
    public const string PublicKeySetting = "WA_LICENSE_PUBLIC_KEY";

    // App Service leaves "@Microsoft.KeyVault(...)" in place when it cannot resolve a reference.
    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    public LicenseMode Mode { get; init; }

    /// <summary>The license token, or null when none is configured.</summary>
    public string? Token { get; init; }

    /// <summary>The P-256 key licenses are checked against; null when not configured.</summary>
    public ECDsa? PublicKey { get; init; }

    /// <summary>The mode as shown by the API and accepted by the setting.</summary>
    public string ModeName => Mode.ToString().ToLowerInvariant();

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the setting that is wrong.</summary>
    public static LicenseSettings From(IConfiguration config)
    {
        var mode = config[ModeSetting]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "off" => LicenseMode.Off,
            "warn" => LicenseMode.Warn,
            "enforce" => LicenseMode.Enforce,
            var other => throw new InvalidOperationException(
                $"Setting {ModeSetting} must be one of off, warn, enforce, not '{other}'."),
        };
        var token = config[KeySetting]?.Trim() is { Length: > 0 } t && !t.StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase)
            ? t : null;
        var publicKey = ReadPublicKey(config[PublicKeySetting]);

        // Without a public key every token would read as invalid; say so now, not as a 402 later.
        if (mode != LicenseMode.Off && publicKey is null)
            throw new InvalidOperationException(
                $"Setting {PublicKeySetting} is required when {ModeSetting} is {mode.ToString().ToLowerInvariant()}.");
        return new LicenseSettings { Mode = mode, Token = token, PublicKey = publicKey };
    }

    private static ECDsa? ReadPublicKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (value.TrimStart().StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Setting {PublicKeySetting} is an unresolved Key Vault reference.");
        try
        {
            return LicenseKeys.ParsePublicKey(value);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException(
                $"Setting {PublicKeySetting} is not a P-256 public key (PEM or base64 SubjectPublicKeyInfo): {e.Message}.");
        }
    }
}
