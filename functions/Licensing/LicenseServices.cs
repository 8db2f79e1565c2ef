using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WaFunctions.Licensing;

internal static class LicenseServices
{
    /// <summary>
    /// Reads the license settings now, so a bad setting stops start-up with a message naming it.
    /// Call after local settings have been added to <paramref name="configuration"/>.
    /// </summary>
    public static IServiceCollection AddLicensing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(LicenseSettings.From(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LicenseState>();
        return services;
    }
}
