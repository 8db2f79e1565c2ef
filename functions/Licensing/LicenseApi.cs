using Microsoft.AspNetCore.Http.HttpResults;
using WaFunctions.Hosting;

namespace WaFunctions.Licensing;

/// <summary>What <c>GET /api/v1/license</c> answers. Payload fields are null unless the token is properly signed.</summary>
internal sealed record LicenseView(string Status, string Mode, string? Licensee, string? Plan, string? ExpiresAt);

/// <summary><c>GET /api/v1/license</c>: status, mode and expiry, so operators can see why writes are locked.</summary>
internal static class LicenseApi
{
    public static readonly HttpFunction Definition = new("GetLicense", "v1/license", "GET", Auth.Scopes.AnyKey, GetLicense);

    public static Ok<LicenseView> GetLicense(LicenseState state, LicenseSettings settings)
    {
        var license = state.Current;
        var payload = license.Payload;
        return TypedResults.Ok(new LicenseView(license.Status, settings.ModeName, payload?.Licensee, payload?.Plan,
            payload is null ? null : LicensePayload.FormatTime(payload.ExpiresAt)));
    }
}
