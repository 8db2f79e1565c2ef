using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WaFunctions.Auth;
using WaFunctions.Chats;
using WaFunctions.Engine;
using WaFunctions.Messages;
using WaFunctions.Sessions;
using WaFunctions.Errors;
using WaFunctions.Hosting;
using WaFunctions.Licensing;
using WaFunctions.Events;
using WaFunctions.Webhooks;
using WaFunctions.OpenApi;
using WaFunctions.RateLimits;

namespace WaFunctions;

/// <summary>Everything the API adds on top of the functions host: its services and its request pipeline.</summary>
public static class ApiComposition
{
    /// <summary>
    /// The whole app: the functions host running <see cref="FunctionRegistry"/> (plus any functions a
    /// test host adds) with the API's services and pipeline.
    /// </summary>
    /// <param name="overrides">Registrations applied after the API's own (a test host substitutes test seams here).</param>
    public static WebApplication Build(string[] args, IEnumerable<FunctionDefinition>? extraFunctions = null, IEnumerable<string>? extraTables = null,
        Action<IServiceCollection, IConfiguration>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddFunctionsHost([.. FunctionRegistry.All, .. extraFunctions ?? []], [.. FunctionRegistry.Tables, .. extraTables ?? []], FunctionRegistry.SentQueues);
        builder.Services.AddApi(builder.Configuration);
        overrides?.Invoke(builder.Services, builder.Configuration);
        var app = builder.Build();
        app.UseApi();
        app.MapFunctions();
        return app;
    }

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ApiSettings.From(configuration));
        services.AddLicensing(configuration);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<RateLimiter>();
        services.AddHostedService<BootstrapAdminKey>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<IEventOutbox, EventOutbox>();
        services.AddSingleton<Contacts.ContactStore>();
        services.AddSingleton<Tickets.TicketStore>();
        services.AddApiDocumentation();
        services.AddSingleton(EngineSettings.From(configuration));
        services.AddSingleton<EngineCommands>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ChatStore>();
        services.AddSingleton<IContactNames, Contacts.ContactNames>();
        services.AddSingleton<SessionEvents>();
        services.AddSingleton<MessageEvents>();
        services.AddSingleton(WebhookSettings.From(configuration));
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<PayloadStore>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<ReceiverLimiter>();
        services.AddSingleton(Broadcasts.BroadcastSettings.From(configuration));
        services.AddSingleton<Broadcasts.BroadcastStore>();
        services.AddSingleton<Broadcasts.BroadcastEvents>();
        services.AddSingleton<Broadcasts.BroadcastProgress>();
        services.AddSingleton<Broadcasts.Pacing.PacingStore>();
        services.AddSingleton<SendCapStore>();
        services.AddSingleton<Broadcasts.OptOut.SuppressionStore>();
        services.AddSingleton<Broadcasts.OptOut.OptOutObserver>();
        services.AddSingleton<Broadcasts.Tick.BroadcastTicks>();
        services.AddSingleton<Broadcasts.Tick.DelaySource>();
        services.AddSingleton<Broadcasts.Tick.TickSender>();
        services.TryAddSingleton<Broadcasts.Tick.ITickFaults, Broadcasts.Tick.NoTickFaults>();
        // Body binding failures reach the error handler, which answers in the API's error shape.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.AllowTrailingCommas = false;
            // {"scopes":["contacts:read"],"scopes":["*"]} must not quietly mean its last copy: refuse it, naming the field.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseApiErrors();
        app.UseRouting();
        app.UseMiddleware<ApiGate>();
        return app;
    }
}
