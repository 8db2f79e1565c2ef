namespace WaFunctions.Licensing;

/// <summary>The error envelope of a locked write.</summary>
internal sealed record LicenseLockedError(string Error, string Message);

/// <summary>
/// Applies the license mode to one request. Called by a middleware after authentication; a
/// non-null result is the response, null means carry on.
/// </summary>
internal static class LicenseGate
{
    public const string WarningHeader = "X-License-Warning";

    public static IResult? Check(HttpContext context, LicenseState state, LicenseSettings settings)
    {
        if (settings.Mode == LicenseMode.Off) return null;
        var license = state.Current;
        if (license.IsValid) return null;

        if (settings.Mode == LicenseMode.Warn)
        {
            var warning = Warning(license);
            context.Response.Headers[WarningHeader] = warning;
            // Set again as the response starts: error handling clears headers on the way out,
            // and the warning belongs on every response, failures included.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[WarningHeader] = warning;
                return Task.CompletedTask;
            });
            return null;
        }

        return IsWrite(context.Request.Method)
            ? TypedResults.Json(new LicenseLockedError("license_locked", Locked(license)), statusCode: StatusCodes.Status402PaymentRequired)
            : null;
    }

    public static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    // Header values must stay ASCII; every problem text is ours and the payload is never quoted.
    private static string Warning(LicenseStatus license) => license.Status switch
    {
        LicenseStatus.Expired => $"License {license.Problem}",
        LicenseStatus.Missing => "License missing",
        _ => $"License invalid: {license.Problem}",
    };

    private static string Locked(LicenseStatus license) => license.Status switch
    {
        LicenseStatus.Expired => $"The license {license.Problem}; writes are locked, reads still work.",
        LicenseStatus.Missing => "No license is configured; writes are locked, reads still work.",
        _ => $"The license is invalid ({license.Problem}); writes are locked, reads still work.",
    };
}
