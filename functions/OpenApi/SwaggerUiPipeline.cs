namespace WaFunctions.OpenApi;

/// <summary>
/// Swagger UI's embedded page and assets, as a small pipeline that the <c>ApiDocs</c> function
/// hands its requests to (so the docs are one registry route like any other).
/// </summary>
internal sealed class SwaggerUiPipeline(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() =>
    {
        var app = new ApplicationBuilder(services).UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/api/v1/openapi.json", "WaFunctions v1");
            o.DocumentTitle = "WaFunctions API";
        });
        // An asset Swagger UI does not have ends here as 404; the default end of a pipeline throws (a 500).
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app.Build();
    });

    public Task Invoke(HttpContext context) => _pipeline.Value(context);
}
