using WaFunctions.Storage;

namespace WaFunctions.Hosting;

/// <summary>
/// Wires the local functions host: configuration, storage, queue pollers and timers (unless the
/// Azure Functions host drives us), and every HTTP function under <c>/api</c>.
/// </summary>
public static class FunctionsHostExtensions
{
    public static WebApplicationBuilder AddFunctionsHost(this WebApplicationBuilder builder,
        IEnumerable<FunctionDefinition> functions, IEnumerable<string> tables, IEnumerable<string> sentQueues)
    {
        HostSettings.AddLocalSettings(builder.Configuration,
            builder.Configuration["WA_SETTINGS_FILE"] ?? Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json"));
        var settings = HostSettings.From(builder.Configuration);
        var catalog = new FunctionCatalog(functions, tables, sentQueues);

        builder.WebHost.UseUrls(settings.CustomHandlerPort is { } handlerPort
            ? $"http://127.0.0.1:{handlerPort}"
            : $"http://localhost:{settings.Port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Errors.ErrorHandling.MaxBodyBytes);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => StorageSettings.Resolve(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService<StorageInitializerService>();
        services.AddSingleton<QueueFunctionRunner>();
        foreach (var function in catalog.Functions)
        {
            switch (function)
            {
                case QueueFunction q:
                    services.AddScoped(q.HandlerType);
                    if (!settings.UnderFunctionsHost)
                        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueuePoller>(sp, q));
                    break;
                case TimerFunction t:
                    services.AddScoped(t.HandlerType);
                    if (!settings.UnderFunctionsHost)
                        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerRunner>(sp, t));
                    break;
            }
        }
        return builder;
    }

    public static WebApplication MapFunctions(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        foreach (var http in catalog.Functions.OfType<HttpFunction>())
            app.MapMethods("/api/" + http.Route, [http.Method], http.Handler).WithName(http.Name).WithMetadata(http, http.Access);
        // Trigger invocations exist only under the Functions host, which alone can reach the handler's loopback port;
        // served locally they would let any caller (or any web page, by a simple POST) forge engine events.
        if (app.Services.GetRequiredService<HostSettings>().UnderFunctionsHost)
        {
            // The Functions host polls the handler's root to learn that it has started.
            app.MapGet("/", () => Results.Ok()).ExcludeFromDescription().WithMetadata(new Auth.PublicByDesign("Functions host start-up probe, loopback only"));
            InvocationEndpoint.Map(app, catalog);
        }
        return app;
    }

    private sealed class StorageInitializerService(StorageInitializer initializer) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => initializer.RunAsync(stoppingToken);
    }
}
