using System.Security.Cryptography;

namespace WaFunctions.Licensing;

/// <summary>Reading and checking the P-256 keys licenses are signed with.</summary>
internal static class LicenseKeys
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    // Key size alone is not enough: secp256k1 is 256 bits too.
    public static bool IsP256(ECDsa key)
    {
        try
        {
            var curve = key.ExportParameters(includePrivateParameters: false).Curve;
            return curve.IsNamed && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256");
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// A SubjectPublicKeyInfo as PEM (<c>-----BEGIN PUBLIC KEY-----</c>) or as bare base64 (for
    /// settings that cannot hold line breaks). Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static ECDsa ParsePublicKey(string text)
    {
        // App settings often carry a PEM with its line breaks written as "\n".
        text = text.Trim().Replace("\\n", "\n", StringComparison.Ordinal);
        byte[] spki;
        if (text.StartsWith("-----", StringComparison.Ordinal))
        {
            if (!PemEncoding.TryFind(text, out var pem) || text[pem.Label] != "PUBLIC KEY")
                throw new FormatException("expected a PEM block labelled PUBLIC KEY");
            spki = Convert.FromBase64String(text[pem.Base64Data]);
        }
        else if (!TryBase64(text, out spki))
            throw new FormatException("expected a PEM public key or the base64 of one");

        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length) throw new FormatException("unexpected bytes after the public key");
            if (!IsP256(key)) throw new FormatException("the key is not on curve P-256");
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new FormatException("not an EC public key");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The private key in a PEM text; other blocks (such as the public key printed beside it by
    /// <c>--new-license-keypair</c>) are skipped, so that whole output works as a key file.
    /// </summary>
    public static ECDsa ParsePrivateKey(string text)
    {
        for (var rest = text.AsSpan(); PemEncoding.TryFind(rest, out var pem); rest = rest[pem.Location.End..])
        {
            var label = rest[pem.Label];
            if (label is not ("PRIVATE KEY" or "EC PRIVATE KEY")) continue;
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(rest[pem.Location]);
                if (!IsP256(key)) throw new FormatException("the private key is not on curve P-256");
                return key;
            }
            catch (CryptographicException)
            {
                key.Dispose();
                throw new FormatException("the private key block is not an EC private key");
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        throw new FormatException("no PRIVATE KEY or EC PRIVATE KEY block found");
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        bytes = new byte[compact.Length];
        if (compact.Length == 0 || !Convert.TryFromBase64String(compact, bytes, out var n)) return false;
        bytes = bytes[..n];
        return true;
    }
}
