using WaFunctions.Agents;
using WaFunctions.Auth;
using WaFunctions.Errors;

namespace WaFunctions.Keys;

/// <summary>Validation of key fields, shared by create and update.</summary>
internal static class KeyRules
{
    public static string? Name(string? name)
    {
        if (name is null) return null;
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 100) throw new InvalidInputException("Field 'name' must be 1 to 100 characters.");
        return trimmed;
    }

    public static IReadOnlyList<string>? ScopeList(string?[]? scopes)
    {
        if (scopes is null) return null;
        if (scopes.Length == 0) throw new InvalidInputException("Field 'scopes' must list at least one scope.");
        if (Array.IndexOf(scopes, null) is var blank and >= 0) throw new InvalidInputException($"Field 'scopes[{blank}]' must be a scope name, not null.");
        var unknown = scopes.FirstOrDefault(s => !Scopes.Known.Contains(s!));
        if (unknown is not null) throw new InvalidInputException($"Field 'scopes' has an unknown scope '{unknown}'. Known: {string.Join(", ", Scopes.Known)}.");
        return scopes.Distinct(StringComparer.Ordinal).ToList()!;
    }

    /// <summary>An existing agent's id (one point read), or null when none is given.</summary>
    public static async Task<string?> AgentAsync(string? agentId, AgentStore agents, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(agentId)) return null;
        return await agents.GetAsync(agentId.Trim(), ct) is not null ? agentId.Trim()
            : throw new InvalidInputException($"Field 'agentId' names no agent ('{agentId.Trim()}'); create it with POST /agents first.");
    }

    public static int? RateLimit(int? perMinute) =>
        perMinute is null or (>= 1 and <= 100_000) ? perMinute : throw new InvalidInputException("Field 'rateLimitPerMinute' must be from 1 to 100000.");
}

/// <summary>What the API shows of a key; <see cref="Key"/> (the secret) only in the answer to its creation.</summary>
internal sealed record ApiKeyView(string Id, string Name, IReadOnlyList<string> Scopes, bool Disabled, string Prefix,
    int? RateLimitPerMinute, string? AgentId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt) : OpenApi.IHasExample
{
    /// <summary>The secret, shown once: only in the answer to the key's creation.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    public static ApiKeyView Of(ApiKey key, string? secret = null) =>
        new(key.Id, key.Name, key.Scopes, key.Disabled, key.Prefix, key.RateLimitPerMinute, key.AgentId, key.CreatedAt, key.LastUsedAt) { Key = secret };

    public static object Example => new ApiKeyView("k_7f3a9c", "CRM sync", ["contacts:read", "contacts:write"], false, "lw_live_Ab3x",
        null, null, new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), null);
}
