using Microsoft.Extensions.DependencyInjection.Extensions;
using WaFunctions.Broadcasts.OptOut;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Broadcasts.Run;

namespace WaFunctions.Broadcasts;

internal static class BroadcastServices
{
    public static IServiceCollection AddBroadcasts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(BroadcastSettings.From(configuration));
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<BroadcastEvents>();
        services.AddSingleton<BroadcastProgress>();
        services.AddSingleton<PacingStore>();
        services.AddSingleton<SuppressionStore>();
        services.AddSingleton<OptOutObserver>();
        services.AddSingleton<DelaySource>();
        services.TryAddSingleton<ISendFaults, NoSendFaults>();
        return services;
    }
}
