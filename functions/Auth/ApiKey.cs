using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace WaFunctions.Auth;

/// <summary>
/// A stored API key. The key itself (<c>lw_live_</c> + 32 letters/digits) is shown once at creation
/// and never stored: the row is keyed by its SHA-256, and the public id is derived from that hash.
/// </summary>
public sealed record ApiKey(string Hash, string Name, IReadOnlyList<string> Scopes, bool Disabled,
    string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, int? RateLimitPerMinute)
{
    public const string KeyPrefix = "lw_live_";
    private const int SecretLength = 32;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>Public handle: "k_" + the first 16 hex digits of the hash (a bounded range scan finds the row).</summary>
    public string Id => IdFor(Hash);

    public static string IdFor(string hash) => "k_" + hash[..16];

    /// <summary>The agent this key acts as (<c>me</c> in assignment, filters and analytics), or null.</summary>
    public string? AgentId { get; init; }

    public static bool IsWellFormed(string? key) =>
        key is { Length: 40 } && key.StartsWith(KeyPrefix, StringComparison.Ordinal) && !key.AsSpan(KeyPrefix.Length).ContainsAnyExcept(AlphabetValues);

    public static string Generate() => KeyPrefix + RandomNumberGenerator.GetString(Alphabet, SecretLength);

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What list views show instead of the key: its prefix and first four characters.</summary>
    public static string Mask(string key) => key[..(KeyPrefix.Length + 4)] + "…";

    internal TableEntity ToEntity() => new(ApiKeyStore.Partition, Hash)
    {
        ["Name"] = Name,
        ["Scopes"] = string.Join(' ', Scopes),
        ["Disabled"] = Disabled,
        ["Prefix"] = Prefix,
        ["CreatedAt"] = CreatedAt,
        ["LastUsedAt"] = LastUsedAt,
        ["RateLimitPerMinute"] = RateLimitPerMinute,
        ["AgentId"] = AgentId,
    };

    internal static ApiKey FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? "",
        (e.GetString("Scopes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        e.GetBoolean("Disabled") ?? false,
        e.GetString("Prefix") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("LastUsedAt"),
        e.GetInt32("RateLimitPerMinute")) { AgentId = e.GetString("AgentId") };
}
