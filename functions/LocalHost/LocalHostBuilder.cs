using System.Reflection;
using Microsoft.DurableTask.Client;
using WaFunctions.Api;
using WaFunctions.LocalHost.Durable;
using WaFunctions.Storage;

namespace WaFunctions.LocalHost;

/// <summary>
/// Only what Core Tools would do on a laptop: serve the API's endpoints on Kestrel, run every queue and timer
/// <c>[Function]</c> with the Functions host's queue semantics, and run the orchestrators and activities on the Durable
/// Task Framework against the same storage. The services and endpoints are the app's own (<see cref="ApiComposition"/>).
/// </summary>
public static class LocalHostBuilder
{
    /// <param name="functionAssemblies">Assemblies with more <c>[Function]</c>s (a test host's), beside the app's own.</param>
    /// <param name="overrides">Registrations applied after the app's own (a test host substitutes test seams here).</param>
    public static WebApplication Build(string[] args, IEnumerable<Assembly>? functionAssemblies = null,
        Action<IServiceCollection, IConfiguration>? overrides = null)
    {
        // The content root is the app's own folder, not the working directory: the host watches its content root for
        // appsettings changes, and on Linux that watch walks every folder below it (run from the repository, that is
        // node_modules, and start-up took 0.7 s longer). local.settings.json is still read from the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        LocalHostSettings.AddLocalSettings(builder.Configuration,
            builder.Configuration["WA_SETTINGS_FILE"] ?? Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json"));
        var settings = LocalHostSettings.From(builder.Configuration, Path.Combine(AppContext.BaseDirectory, "host.json"));
        var functions = FunctionIndex.Scan([typeof(LocalHostBuilder).Assembly, .. functionAssemblies ?? []]);

        builder.WebHost.UseUrls($"http://localhost:{settings.Port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Errors.ErrorHandling.MaxBodyBytes);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);

        var services = builder.Services;
        services.AddWaFunctions(builder.Configuration);
        services.AddSingleton(settings);
        services.AddSingleton(functions);
        services.AddSingleton<FunctionInvoker>();
        // Every queue a trigger reads, and its poison queue, exists before the listeners start.
        services.AddSingleton(ApiComposition.Layout.With(functions.Queues.SelectMany(q => new[] { q.QueueName, StorageLayout.PoisonQueueName(q.QueueName) })));
        foreach (var queue in functions.Queues)
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueListener>(sp, queue));
        foreach (var timer in functions.Timers)
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerListener>(sp, timer));
        services.AddSingleton<LocalDurableHost>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalDurableHost>());
        services.AddSingleton<IStartupGate>(sp => sp.GetRequiredService<LocalDurableHost>());
        services.AddSingleton<DurableTaskClient, LocalDurableTaskClient>();
        overrides?.Invoke(services, builder.Configuration);

        var app = builder.Build();
        app.UseApi();
        app.MapApi();
        return app;
    }
}
