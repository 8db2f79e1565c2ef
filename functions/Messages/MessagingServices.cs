using WaFunctions.Engine;
using WaFunctions.Groups;
using WaFunctions.Media;
using WaFunctions.Webhooks;

namespace WaFunctions.Messages;

/// <summary>The services of messaging beyond text: media, reactions and votes, reply windows, groups, requests to the engine.</summary>
public static class MessagingServices
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => MediaSettings.From(configuration, sp.GetRequiredService<WebhookSettings>()));
        services.AddSingleton<MediaStore>();
        services.AddSingleton<MediaFetcher>();
        services.AddSingleton<MediaResolver>();
        services.AddSingleton<MessageResponsesStore>();
        services.AddSingleton<ReplyWindowStore>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<GroupEvents>();
        services.AddSingleton<MessageChangeEvents>();
        services.AddSingleton<EngineRequests>();
        return services;
    }
}
