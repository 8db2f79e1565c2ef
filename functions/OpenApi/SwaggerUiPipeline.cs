namespace WaFunctions.OpenApi;

/// <summary>
/// Swagger UI's embedded page and assets, as a small pipeline that the <c>ApiDocs</c> function
/// hands its requests to (so the docs are one registry route like any other).
/// </summary>
internal sealed class SwaggerUiPipeline(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() => new ApplicationBuilder(services)
        .UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/api/v1/openapi.json", "WaFunctions v1");
            o.DocumentTitle = "WaFunctions API";
        })
        .Build());

    public Task Invoke(HttpContext context) => _pipeline.Value(context);
}
