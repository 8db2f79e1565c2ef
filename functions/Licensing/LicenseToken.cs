using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace WaFunctions.Licensing;

/// <summary>
/// A license token: <c>base64url(UTF-8 JSON payload) "." base64url(signature)</c>, where the
/// signature is ECDSA P-256 / SHA-256 over the ASCII of the first segment, in the fixed-size
/// IEEE P1363 form (r‖s, 64 bytes) — the same shape as a JWS ES256 signature.
/// </summary>
internal static class LicenseToken
{
    /// <summary>Tokens longer than this are refused unread; real ones are a few hundred characters.</summary>
    public const int MaxLength = 8 * 1024;

    private const int SignatureLength = 64;

    public static string Mint(LicensePayload payload, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (!LicenseKeys.IsP256(privateKey))
            throw new ArgumentException("License keys must be on curve P-256.", nameof(privateKey));
        var body = Base64Url.EncodeToString(payload.ToJsonUtf8());
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(body), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return body + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Checks a token against a public key and a clock. Never throws.</summary>
    public static LicenseStatus Verify(string? token, ECDsa? publicKey, DateTimeOffset now) =>
        AtTime(VerifySignature(token, publicKey), now);

    /// <summary>
    /// Everything but the clock: a properly signed token comes back <c>valid</c> whatever its
    /// expiry, so the result can be cached and <see cref="AtTime"/> applied on each use.
    /// </summary>
    public static LicenseStatus VerifySignature(string? token, ECDsa? publicKey)
    {
        if (string.IsNullOrWhiteSpace(token))
            return new LicenseStatus(LicenseStatus.Missing, null, "no license is configured");
        token = token.Trim();
        if (token.Length > MaxLength)
            return LicenseStatus.NotValid("the token is too long");
        if (publicKey is null)
            return LicenseStatus.NotValid("no public key is configured to check it");
        if (!LicenseKeys.IsP256(publicKey))
            return LicenseStatus.NotValid("the public key is not on curve P-256");

        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
            return LicenseStatus.NotValid("the token is not two dot-separated parts");
        var body = token[..dot];
        if (!TryDecode(body, out var payloadJson) || !TryDecode(token[(dot + 1)..], out var signature))
            return LicenseStatus.NotValid("the token is not base64url");
        if (signature.Length != SignatureLength)
            return LicenseStatus.NotValid("the signature has the wrong length");

        // The signature is checked before the payload is trusted, so nothing unsigned is believed.
        bool signed;
        try
        {
            signed = publicKey.VerifyData(Encoding.ASCII.GetBytes(body), signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            signed = false;
        }
        if (!signed)
            return LicenseStatus.NotValid("the signature does not match");

        return LicensePayload.TryParse(payloadJson, out var problem) is { } payload
            ? new LicenseStatus(LicenseStatus.Valid, payload, null)
            : LicenseStatus.NotValid(problem!);
    }

    /// <summary>Turns a signature-checked status into <c>expired</c> from <c>expiresAt</c> on.</summary>
    public static LicenseStatus AtTime(LicenseStatus signed, DateTimeOffset now) =>
        signed is { IsValid: true, Payload: { } p } && now >= p.ExpiresAt
            ? new LicenseStatus(LicenseStatus.Expired, p, $"expired on {LicensePayload.FormatTime(p.ExpiresAt)}")
            : signed;

    // Only unpadded base64url in its canonical spelling (no stray low bits), so one token has
    // one spelling. The decoder throws, not returns false, on malformed input.
    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return false;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        return Base64Url.EncodeToString(bytes) == text;
    }
}
