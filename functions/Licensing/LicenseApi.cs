using WaFunctions.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WaFunctions.Licensing;

/// <summary>What <c>GET /api/v1/license</c> answers. Payload fields are null unless the token is properly signed.</summary>
internal sealed record LicenseView(string Status, string Mode, string? Licensee, string? Plan, string? ExpiresAt);

/// <summary><c>GET /api/v1/license</c>: status, mode and expiry, so operators can see why writes are locked.</summary>
internal static class LicenseApi
{
    public static IEndpointRouteBuilder MapLicense(this IEndpointRouteBuilder api)
    {
        api.MapGet("/license", GetLicense).WithName("GetLicense")
            .WithSummary("License status")
            .WithDescription("The license's status, the enforcement mode and, for a properly signed token, who it is for, its plan and expiry; says why writes answer 402.")
            .RequireScope(Auth.Scopes.AnyKey);
        return api;
    }

    public static Ok<LicenseView> GetLicense(LicenseState state, LicenseSettings settings)
    {
        var license = state.Current;
        var payload = license.Payload;
        return TypedResults.Ok(new LicenseView(license.Status, settings.ModeName, payload?.Licensee, payload?.Plan,
            payload is null ? null : LicensePayload.FormatTime(payload.ExpiresAt)));
    }
}
