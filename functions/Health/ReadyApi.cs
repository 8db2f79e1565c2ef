using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
using WaFunctions.Storage;

namespace WaFunctions.Health;

/// <summary>What <c>GET /ready</c> answers once the app serves.</summary>
internal sealed record ReadinessView(bool Ready) : IHasExample
{
    public static object Example => new ReadinessView(true);
}

/// <summary><c>GET /api/v1/ready</c>, no key: 200 once everything has started and storage answers, else 503, so scripts can wait for start-up.</summary>
internal static class ReadyApi
{
    public static IEndpointRouteBuilder MapReady(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ready", CheckAsync).WithName("Ready")
            .WithSummary("Readiness probe")
            .WithDescription("Answers 200 once the app has started and its storage answers, else 503; needs no key, so scripts and load balancers can wait on it.")
            .Produces<ReadinessView>()
            .Fails(503, "not_ready", "The app is still starting or its storage is not reachable.")
            .AllowPublic("readiness probe for scripts and load balancers; it says only whether the app has started and storage answers");
        return api;
    }

    /// <summary>One storage round trip: the properties of a queue created at start-up.</summary>
    private static async Task<IResult> CheckAsync(IEnumerable<IStartupGate> gates, StorageClients storage, CancellationToken cancellationToken)
    {
        if (!gates.All(g => g.IsOpen)) return NotReady("The app is still starting (storage not reachable yet?).");
        try
        {
            await storage.Queue(EngineCommands.QueueName).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(new ReadinessView(true));
        }
        catch (Exception e) when (StorageFault.Is(e))
        {
            return NotReady("Storage is not reachable.");
        }
    }

    private static IResult NotReady(string message) => ApiError.Result(StatusCodes.Status503ServiceUnavailable, "not_ready", message);
}
