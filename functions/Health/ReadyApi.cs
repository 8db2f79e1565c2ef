using WaFunctions.Auth;
using WaFunctions.Engine;
using WaFunctions.Storage;

namespace WaFunctions.Api;

/// <summary>Something the app must have finished starting before it serves: storage set up; locally also the Durable worker.</summary>
public interface IStartupGate
{
    bool IsOpen { get; }
}

/// <summary><c>GET /api/v1/ready</c>, no key: 200 once everything has started and storage answers, else 503, so scripts can wait for start-up.</summary>
internal static class ReadyApi
{
    public static IEndpointRouteBuilder MapReady(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ready", CheckAsync).WithName("Ready")
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
            return Results.Json(new { ready = true });
        }
        catch (Exception e) when (StorageFault.Is(e))
        {
            return NotReady("Storage is not reachable.");
        }
    }

    private static IResult NotReady(string message) => Results.Json(new { error = "not_ready", message }, statusCode: 503);
}
