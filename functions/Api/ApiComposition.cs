using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WaFunctions.Auth;
using WaFunctions.Analytics;
using WaFunctions.Broadcasts;
using WaFunctions.Broadcasts.OptOut;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Chats;
using WaFunctions.Contacts;
using WaFunctions.Dashboard;
using WaFunctions.Dev;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Events;
using WaFunctions.Health;
using WaFunctions.Inbox;
using WaFunctions.Keys;
using WaFunctions.Licensing;
using WaFunctions.Media;
using WaFunctions.Groups;
using WaFunctions.Messages;
using WaFunctions.OpenApi;
using WaFunctions.RateLimits;
using WaFunctions.Sessions;
using WaFunctions.Storage;
using WaFunctions.Tickets;
using WaFunctions.Webhooks;

namespace WaFunctions.Api;

/// <summary>
/// What both hosts share: the services (<see cref="AddWaFunctions"/>), the request pipeline (<see cref="UseApi"/>) and
/// the endpoints, one <c>MapXxx()</c> per slice (<see cref="MapApi"/>). The triggers need no list: they are the
/// <c>[Function]</c> methods.
/// </summary>
public static class ApiComposition
{
    /// <summary>Every table the app stores into, created at start-up (queues come from the triggers and <see cref="EngineCommands"/>).</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        ApiKeyStore.TableName, RateLimiter.TableName, WebhookSubscriptions.TableName, SessionStore.TableName, ChatStore.TableName,
        MessageStore.ByIdTable, MessageStore.HistoryTable, IdempotencyStore.TableName, DeliveryLog.TableName, PayloadStore.TableName,
        ContactStore.TableName, TicketStore.TableName, BroadcastStore.TableName, Broadcasts.Pacing.PacingSettings.TableName,
        Broadcasts.OptOut.SuppressionStore.TableName, SendCapStore.TableName,
        MessageResponsesStore.TableName, ReplyWindowStore.TableName, Groups.GroupStore.TableName, EngineRequests.TableName, .. InboxServices.Tables,
    ];

    /// <summary>What start-up creates: the tables, the queues the app sends to and reads (with their poison twins), the media container.</summary>
    public static readonly StorageLayout Layout = new(Tables,
        [EngineCommands.QueueName, EngineEvents.QueueName, StorageLayout.PoisonQueueName(EngineEvents.QueueName),
         DeliveryQueue.Name, StorageLayout.PoisonQueueName(DeliveryQueue.Name),
         Inbox.Due.DueQueue.QueueName, StorageLayout.PoisonQueueName(Inbox.Due.DueQueue.QueueName)],
        [MediaContainer]);

    /// <summary>Media files, sent and received (the engine-host writes inbound media here).</summary>
    public const string MediaContainer = "media";

    public static IServiceCollection AddWaFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => StorageSettings.Resolve(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(Layout);
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<Api.IStartupGate>(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddSingleton(ApiSettings.From(configuration));
        services.AddLicensing(configuration);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<RateLimiter>();
        services.AddHostedService<BootstrapAdminKey>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<IEventOutbox, EventOutbox>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<TicketStore>();
        services.AddApiDocumentation();
        services.AddSingleton(EngineSettings.From(configuration));
        services.AddSingleton<EngineCommands>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ChatStore>();
        services.AddSingleton<IContactNames, ContactNames>();
        services.AddSingleton<SessionEvents>();
        services.AddSingleton<MessageEvents>();
        services.AddMessaging(configuration);
        services.AddSingleton(WebhookSettings.From(configuration));
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<PayloadStore>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<ReceiverLimiter>();
        services.AddBroadcasts(configuration);
        services.AddSingleton<SendCapStore>();
        services.AddInbox();
        services.AddRouting();
        // Body binding failures reach the error handler, which answers in the API's error shape.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => Configure(o.SerializerOptions));
        return services;
    }

    /// <summary>
    /// Bodies mean one thing: no trailing commas, a repeated property is refused rather than taken as its last copy
    /// (<c>{"scopes":["contacts:read"],"scopes":["*"]}</c> must not mint a <c>*</c> key), and a number is a JSON number,
    /// not a string holding one, so the API description can say "integer" and generated clients agree.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.AllowTrailingCommas = false;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
    }

    /// <summary>Errors in the API's shape, routing, then the gate (key, scope, rate limit, license) before any endpoint runs.</summary>
    public static IApplicationBuilder UseApi(this IApplicationBuilder app)
    {
        app.UseApiErrors();
        app.UseRouting();
        app.UseMiddleware<ApiGate>();
        return app;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder root)
    {
        var v1 = root.MapGroup(ApiDocumentation.Root);
        // Every answer is held to what its endpoint declares; see DescribedAnswers.
        v1.AddEndpointFilter<DescribedAnswers>();
        v1.MapReady();
        v1.MapHealth();
        v1.MapLicense();
        v1.MapMe();
        v1.MapKeys();
        v1.MapContacts();
        v1.MapTickets();
        v1.MapSessions();
        v1.MapMessages();
        v1.MapChats();
        v1.MapChatRead();
        v1.MapMedia();
        v1.MapGroups();
        v1.MapNumberChecks();
        v1.MapDev();
        v1.MapWebhooks();
        v1.MapBroadcasts();
        v1.MapPacing();
        v1.MapSuppressions();
        v1.MapRecipientsCsv();
        v1.MapInbox();
        v1.MapAnalytics();
        root.MapApiDocumentation();
        root.MapDashboard();
        return root;
    }
}
