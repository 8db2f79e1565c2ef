using Azure;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Hosting;

namespace WaFunctions.Keys;

/// <summary>API key management (scope <c>keys:manage</c>). The secret appears only in the answer to its creation.</summary>
internal static class KeysApi
{
    public static IReadOnlyList<HttpFunction> Functions { get; } =
    [
        new("CreateApiKey", "v1/api-keys", "POST", Scopes.KeysManage, CreateAsync),
        new("ListApiKeys", "v1/api-keys", "GET", Scopes.KeysManage, ListAsync),
        new("GetApiKey", "v1/api-keys/{id}", "GET", Scopes.KeysManage, GetAsync),
        new("UpdateApiKey", "v1/api-keys/{id}", "PATCH", Scopes.KeysManage, UpdateAsync),
        new("DeleteApiKey", "v1/api-keys/{id}", "DELETE", Scopes.KeysManage, DeleteAsync),
    ];

    internal sealed record CreateKeyRequest(string? Name, string[]? Scopes, int? RateLimitPerMinute);
    internal sealed record UpdateKeyRequest(string? Name, string[]? Scopes, bool? Disabled, int? RateLimitPerMinute);

    internal static async Task<IResult> CreateAsync(CreateKeyRequest body, ApiKeyStore keys, CancellationToken ct)
    {
        var name = KeyRules.Name(body.Name) ?? throw new InvalidInputException("Field 'name' is required.");
        var scopes = KeyRules.ScopeList(body.Scopes) ?? throw new InvalidInputException("Field 'scopes' is required (e.g. [\"messages:write\"]).");
        var (key, secret) = await keys.CreateAsync(name, scopes, KeyRules.RateLimit(body.RateLimitPerMinute), ct);
        return Results.Json(new { data = KeyView.Of(key, secret) }, statusCode: 201);
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, ApiKeyStore keys, CancellationToken ct)
    {
        var (page, cursor) = await keys.ListAsync(Query.Int(request, "limit", 100, 1, 1000), Query.String(request, "cursor", 2000), ct);
        return Results.Json(new { data = page.Select(k => KeyView.Of(k)), nextCursor = cursor });
    }

    internal static async Task<IResult> GetAsync(string id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.GetAsync(id, ct) is var (key, _) ? Results.Json(new { data = KeyView.Of(key) }) : ApiError.NotFound($"No API key '{id}'.");

    internal static async Task<IResult> UpdateAsync(string id, UpdateKeyRequest body, ApiKeyStore keys, CancellationToken ct)
    {
        if (await keys.GetAsync(id, ct) is not var (key, etag)) return ApiError.NotFound($"No API key '{id}'.");
        var updated = key with
        {
            Name = body.Name is null ? key.Name : KeyRules.Name(body.Name)!,
            Scopes = KeyRules.ScopeList(body.Scopes) ?? key.Scopes,
            Disabled = body.Disabled ?? key.Disabled,
            RateLimitPerMinute = body.RateLimitPerMinute is null ? key.RateLimitPerMinute : KeyRules.RateLimit(body.RateLimitPerMinute),
        };
        try { await keys.UpdateAsync(updated, etag, ct); }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return ApiError.Conflict("conflict", "The key was changed by another request; read it again and retry.");
        }
        return Results.Json(new { data = KeyView.Of(updated) });
    }

    internal static async Task<IResult> DeleteAsync(string id, ApiKeyStore keys, CancellationToken ct)
    {
        if (await keys.GetAsync(id, ct) is not var (key, _)) return ApiError.NotFound($"No API key '{id}'.");
        await keys.DeleteAsync(key, ct);
        return Results.NoContent();
    }
}
