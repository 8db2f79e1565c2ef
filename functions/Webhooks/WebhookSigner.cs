using System.Security.Cryptography;
using System.Text;

namespace WaFunctions.Webhooks;

/// <summary>
/// Standard Webhooks signing. A secret is <c>whsec_</c> + base64 of 24–64 random bytes; the
/// signature is <c>v1,</c> + base64(HMAC-SHA256(key = the decoded bytes, msg = id.timestamp.body)).
/// Several valid secrets (during a rotation) give several signatures, separated by spaces.
/// </summary>
public static class WebhookSigner
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Null when <paramref name="secret"/> is well formed, else what is wrong with it.</summary>
    public static string? Problem(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return $"must start with '{Prefix}'";
        var bytes = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret[Prefix.Length..], bytes, out var length)) return $"must be '{Prefix}' followed by standard base64";
        return length is < 24 or > 64 ? "must encode 24 to 64 random bytes" : null;
    }

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret[Prefix.Length..]);
        var head = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }

    public static string SignatureHeader(IEnumerable<string> secrets, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var parts = new List<string>();
        foreach (var s in secrets) parts.Add(Sign(s, id, timestamp, body));
        return string.Join(' ', parts);
    }
}
