using WaFunctions.Agents;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Storage;

namespace WaFunctions.Keys;

/// <summary>
/// API key management (scope <c>keys:manage</c>). The secret appears only in the answer to its creation. A key may be
/// bound to an agent (<c>agentId</c>): it then acts as that agent where the API says <c>me</c>; binding costs one point
/// read of the agent.
/// </summary>
internal static class KeysApi
{
    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder api)
    {
        api.MapPost("/api-keys", CreateAsync).WithName("CreateApiKey").RequireScope(Scopes.KeysManage);
        api.MapGet("/api-keys", ListAsync).WithName("ListApiKeys").RequireScope(Scopes.KeysManage);
        api.MapGet("/api-keys/{id}", GetAsync).WithName("GetApiKey").RequireScope(Scopes.KeysManage);
        api.MapPatch("/api-keys/{id}", UpdateAsync).WithName("UpdateApiKey").RequireScope(Scopes.KeysManage);
        api.MapDelete("/api-keys/{id}", DeleteAsync).WithName("DeleteApiKey").RequireScope(Scopes.KeysManage);
        return api;
    }

    internal sealed record CreateKeyRequest(string? Name, string?[]? Scopes, int? RateLimitPerMinute, string? AgentId);

    /// <summary>A field left out keeps its value; <c>rateLimitPerMinute: null</c> returns the key to the global budget.</summary>
    internal sealed record UpdateKeyRequest
    {
        public Optional<string> Name { get; init; }
        public Optional<string?[]> Scopes { get; init; }
        public Optional<bool?> Disabled { get; init; }
        public Optional<int?> RateLimitPerMinute { get; init; }
        public Optional<string> AgentId { get; init; }
    }

    internal static async Task<IResult> CreateAsync(CreateKeyRequest body, CurrentKey caller, ApiKeyStore keys, AgentStore agents, CancellationToken ct)
    {
        var name = KeyRules.Name(body.Name) ?? throw new InvalidInputException("Field 'name' is required.");
        var scopes = KeyRules.ScopeList(body.Scopes) ?? throw new InvalidInputException("Field 'scopes' is required (e.g. [\"messages:write\"]).");
        var rateLimit = KeyRules.RateLimit(body.RateLimitPerMinute);
        var agentId = await KeyRules.AgentAsync(body.AgentId, agents, ct);
        if (Beyond(caller, scopes) is { } refused) return refused;
        var (key, secret) = await keys.CreateAsync(name, scopes, rateLimit, ct, agentId: agentId);
        return Results.Json(new { data = KeyView.Of(key, secret) }, statusCode: 201);
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, ApiKeyStore keys, CancellationToken ct)
    {
        var (page, cursor) = await keys.ListAsync(Query.Int(request, "limit", 100, 1, 1000), Query.String(request, "cursor", 2000), ct);
        return Results.Json(new { data = page.Select(k => KeyView.Of(k)), nextCursor = cursor });
    }

    internal static async Task<IResult> GetAsync(string id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.GetAsync(id, ct) is var (key, _) ? Results.Json(new { data = KeyView.Of(key) }) : ApiError.NotFound($"No API key '{id}'.");

    /// <summary>Point read + conditional replace, again on a concurrent change (<see cref="Optimistic"/>).</summary>
    internal static async Task<IResult> UpdateAsync(string id, UpdateKeyRequest body, CurrentKey caller, ApiKeyStore keys, AgentStore agents, CancellationToken ct)
    {
        var agentId = body.AgentId.IsSet ? await KeyRules.AgentAsync(body.AgentId.Value, agents, ct) : null;
        IResult? refused = null;
        var updated = await Optimistic.RetryAsync(async () =>
        {
            if (await keys.GetAsync(id, ct) is not var (key, etag)) return null;
            if ((refused = Beyond(caller, key.Scopes)) is not null) return null;
            var changed = key with
            {
                Name = body.Name.OrKeep(key.Name, "name", v => KeyRules.Name(v)!),
                Scopes = body.Scopes.OrKeep(key.Scopes, "scopes", v => KeyRules.ScopeList(v)!),
                Disabled = body.Disabled.OrKeep(key.Disabled, "disabled", v => v!.Value),
                RateLimitPerMinute = body.RateLimitPerMinute.Or(key.RateLimitPerMinute, KeyRules.RateLimit),
                AgentId = body.AgentId.IsSet ? agentId : key.AgentId,
            };
            if ((refused = Beyond(caller, changed.Scopes)) is not null) return null;
            await keys.UpdateAsync(changed, etag, ct);
            return changed;
        }, ct);
        return refused ?? (updated is null ? ApiError.NotFound($"No API key '{id}'.") : Results.Json(new { data = KeyView.Of(updated) }));
    }

    internal static async Task<IResult> DeleteAsync(string id, CurrentKey caller, ApiKeyStore keys, CancellationToken ct)
    {
        if (await keys.GetAsync(id, ct) is not var (key, _)) return ApiError.NotFound($"No API key '{id}'.");
        if (Beyond(caller, key.Scopes) is { } refused) return refused;
        await keys.DeleteAsync(key, ct);
        return Results.NoContent();
    }

    /// <summary>
    /// A key manages only keys within its own reach: it may grant, and may change or delete a key holding, only scopes it
    /// holds itself; otherwise <c>keys:manage</c> alone would mint a <c>*</c> key or disable the admin's.
    /// </summary>
    private static IResult? Beyond(CurrentKey caller, IReadOnlyList<string> scopes) =>
        caller.Holds(scopes) ? null
            : ApiError.Result(StatusCodes.Status403Forbidden, "insufficient_scope",
                $"This key may only grant, change or delete scopes it holds itself; it lacks: {string.Join(", ", scopes.Where(s => !caller.Holds([s])))}.");
}
