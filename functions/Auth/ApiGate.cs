using System.Globalization;
using WaFunctions.Errors;
using WaFunctions.Licensing;
using WaFunctions.RateLimits;

namespace WaFunctions.Auth;

/// <summary>
/// Runs before every API endpoint, in this order: authenticate the key (401), check the endpoint's
/// scope (403), count the request against the key's per-minute budget (429), then let the license
/// decide on writes. Done as middleware rather than endpoint filters so a request without a valid
/// key is refused before its body is even read.
/// </summary>
internal sealed class ApiGate(RequestDelegate next, ApiKeyStore keys, RateLimiter limiter, ApiSettings settings,
    LicenseState license, LicenseSettings licenseSettings, ILogger<ApiGate> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        // No route endpoint (none matched, or routing's own 405 answer): the status-code pages answer. Public by design: no key needed.
        if (endpoint is not RouteEndpoint || endpoint.Metadata.GetMetadata<PublicByDesign>() is not null)
        {
            await next(context);
            return;
        }
        if (endpoint.Metadata.GetMetadata<RequiredScope>()?.Scope is not { } scope)
        {
            // Fail closed: an endpoint that declares no access rule is not served at all.
            logger.LogError("Refused a request to {Endpoint}: it declares neither a scope nor public access", endpoint.DisplayName);
            await Refuse(context, 404, "not_found", "No such endpoint.");
            return;
        }
        var ct = context.RequestAborted;
        var key = await keys.AuthenticateAsync(PresentedKey(context.Request), ct);
        if (key is null)
        {
            await Refuse(context, 401, "invalid_api_key", "Send a valid, enabled key as 'Authorization: Bearer lw_live_…' or 'X-API-Key: lw_live_…'.");
            return;
        }
        if (!Scopes.Grants(key.Scopes, scope))
        {
            await Refuse(context, 403, "insufficient_scope", $"This key lacks the '{scope}' scope.");
            return;
        }

        var limit = key.RateLimitPerMinute ?? settings.RateLimitPerMinute;
        var decision = await limiter.TryAcquireAsync(key.Id, limit, ct);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            var wait = Math.Max(1, (int)Math.Ceiling((decision.ResetAt - DateTimeOffset.UtcNow).TotalSeconds));
            headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            await Refuse(context, 429, "rate_limited", $"Over the budget of {limit} requests per minute for this key; retry in {wait} s.");
            return;
        }

        if (LicenseGate.Check(context, license, licenseSettings) is { } locked)
        {
            await locked.ExecuteAsync(context);
            return;
        }

        context.Features.Set(new CurrentKey(key));
        context.Response.OnCompleted(async () =>
        {
            try { await keys.TouchAsync(key, CancellationToken.None); }
            catch (Exception e) when (Storage.StorageFault.Is(e)) { logger.LogDebug("Could not record key use: {Error}", e.Message); }
        });
        await next(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth[7..].Trim();
        return request.Headers["X-API-Key"].ToString() is { Length: > 0 } apiKey ? apiKey.Trim() : null;
    }

    private static Task Refuse(HttpContext context, int status, string error, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(error, message));
    }
}

/// <summary>
/// The key that authenticated the current request (set by <see cref="ApiGate"/>); a handler takes it as a parameter.
/// </summary>
public sealed record CurrentKey(ApiKey Key)
{
    public static ValueTask<CurrentKey?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<CurrentKey?>(context.Features.Get<CurrentKey>() ?? throw new InvalidOperationException("The endpoint ran without an authenticated key."));

    /// <summary>Whether this key holds every one of <paramref name="scopes"/> (a <c>*</c> key holds all).</summary>
    public bool Holds(IEnumerable<string> scopes) => scopes.All(s => s == Scopes.All ? Key.Scopes.Contains(Scopes.All) : Scopes.Grants(Key.Scopes, s));
}
