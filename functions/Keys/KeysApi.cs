using WaFunctions.Agents;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.OpenApi;
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
        api.MapPost("/api-keys", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("Creates a key with the given scopes; the answer is the only time its secret (`key`) is shown. A key may grant only scopes it holds itself. `agentId` binds the key to an agent, who is then \"me\" for assignment, chat filters and counts.")
            .Returns<ApiKeyView>(StatusCodes.Status201Created)
            .Fails(403, "insufficient_scope", "The new key would hold a scope the calling key lacks.")
            .RequireScope(Scopes.KeysManage);
        api.MapGet("/api-keys", ListAsync).WithName("ListApiKeys")
            .WithSummary("List API keys")
            .WithDescription("Keys in creation order, without their secrets.")
            .ReturnsPage<ApiKeyView>()
            .WithQuery(Limit, Paging.Cursor)
            .RequireScope(Scopes.KeysManage);
        api.MapGet("/api-keys/{id}", GetAsync).WithName("GetApiKey")
            .WithSummary("Get an API key")
            .WithDescription("One key, without its secret.")
            .Returns<ApiKeyView>()
            .RequireScope(Scopes.KeysManage);
        api.MapPatch("/api-keys/{id}", UpdateAsync).WithName("UpdateApiKey")
            .WithSummary("Update an API key")
            .WithDescription("Renames, re-scopes, disables, re-limits or re-binds a key. A field left out keeps its value; `rateLimitPerMinute: null` returns the key to the global budget; `agentId: null` unbinds it from its agent; name, scopes and disabled cannot be cleared.")
            .Returns<ApiKeyView>()
            .Fails(403, "insufficient_scope", "The key holds, or would hold, a scope the calling key lacks.")
            .RequireScope(Scopes.KeysManage);
        api.MapDelete("/api-keys/{id}", DeleteAsync).WithName("DeleteApiKey")
            .WithSummary("Delete an API key")
            .WithDescription("Revokes the key at once.")
            .ReturnsNothing()
            .Fails(403, "insufficient_scope", "The key holds a scope the calling key lacks.")
            .RequireScope(Scopes.KeysManage);
        return api;
    }

    private static readonly NumberQuery Limit = Paging.Limit(100, 1000);

    /// <summary>
    /// Name and scopes are required; without <see cref="RateLimitPerMinute"/> the key has the global budget; with
    /// <see cref="AgentId"/> the key acts as that agent ("me" in assignment, filters and counts).
    /// </summary>
    internal sealed record CreateKeyRequest(string? Name, string?[]? Scopes, int? RateLimitPerMinute = null, string? AgentId = null);

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
        return Answer.Data(ApiKeyView.Of(key, secret), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, ApiKeyStore keys, CancellationToken ct)
    {
        var (page, cursor) = await keys.ListAsync(Limit.Read(request), Paging.Cursor.Read(request), ct);
        return Answer.Page(page.Select(k => ApiKeyView.Of(k)), cursor);
    }

    internal static async Task<IResult> GetAsync(string id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.GetAsync(id, ct) is var (key, _) ? Answer.Data(ApiKeyView.Of(key)) : ApiError.NotFound($"No API key '{id}'.");

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
        return refused ?? (updated is null ? ApiError.NotFound($"No API key '{id}'.") : Answer.Data(ApiKeyView.Of(updated)));
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
