using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace WaFunctions.Api;

/// <summary>
/// The one HTTP function: every route (<c>host.json</c> sets no route prefix) goes through the API's own pipeline, so
/// the minimal-API endpoints, their auth gate, errors and OpenAPI document are the same under the Functions host as
/// locally. Only the Functions front end can invoke it; it is not a route of its own.
/// </summary>
internal sealed class ApiFunction(ApiPipeline api)
{
    public const string Name = "Api";

    [Function(Name)]
    public async Task RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable)
    {
        var context = request.HttpContext;
        context.Features.Set(durable);
        // The worker integration matched this function's own catch-all endpoint; the API's routing must match afresh
        // (left set, the inner endpoint middleware would run the catch-all again and complete the response twice).
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        await api.Pipeline(context);
    }
}
