namespace WaFunctions.Api;

/// <summary>
/// The API's request pipeline (<see cref="ApiComposition.UseApi"/> and <see cref="ApiComposition.MapApi"/>) built over the
/// worker's services, for <see cref="ApiFunction"/> to run each request through. Built at start-up, not on the first
/// request, so the endpoints exist (and the OpenAPI document sees them) before anything is served.
/// </summary>
public sealed class ApiPipeline(IServiceProvider services) : IHostedService
{
    private RequestDelegate? _pipeline;

    public RequestDelegate Pipeline => _pipeline ??= Build(services);

    public static RequestDelegate Build(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseApi();
        app.UseEndpoints(endpoints => endpoints.MapApi());
        return app.Build();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Pipeline;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
