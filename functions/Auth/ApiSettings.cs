namespace WaFunctions.Auth;

/// <summary>
/// API-wide settings: the default per-key budget, the optional bootstrap admin key, and whether an answer the API
/// description does not list fails the request (development and tests) rather than only being logged.
/// </summary>
public sealed record ApiSettings(int RateLimitPerMinute, string? AdminKey, bool VerifyAnswers)
{
    public static ApiSettings From(IConfiguration config)
    {
        var limit = config["WA_RATE_LIMIT_PER_MINUTE"] is { Length: > 0 } v
            ? int.TryParse(v, out var n) && n > 0 ? n : throw new InvalidOperationException($"WA_RATE_LIMIT_PER_MINUTE must be a positive whole number, not '{v}'.")
            : 120;
        // An unresolved Key Vault reference arrives as its literal text: treat it as not configured.
        var admin = config["WA_ADMIN_KEY"] is { Length: > 0 } k && !k.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) ? k.Trim() : null;
        if (admin is not null && !ApiKey.IsWellFormed(admin))
            throw new InvalidOperationException("WA_ADMIN_KEY must be 'lw_live_' followed by 32 letters or digits.");
        var verify = config["WA_VERIFY_ANSWERS"] is { Length: > 0 } f
            ? bool.TryParse(f, out var b) ? b : throw new InvalidOperationException($"WA_VERIFY_ANSWERS must be true or false, not '{f}'.")
            : false;
        return new ApiSettings(limit, admin, verify);
    }
}
