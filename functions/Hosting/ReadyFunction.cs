using WaFunctions.Storage;

namespace WaFunctions.Hosting;

/// <summary><c>GET /api/v1/ready</c>, no auth: 200 once storage is set up and answering, else 503, so scripts can wait for start-up.</summary>
internal static class ReadyFunction
{
    public static readonly HttpFunction Definition = new("Ready", "v1/ready", "GET", Scope: null, CheckAsync);

    // One storage round trip: the properties of a queue the host created at start-up.
    private static async Task<IResult> CheckAsync(StorageInitializer initializer, StorageClients storage, FunctionCatalog catalog, CancellationToken cancellationToken)
    {
        if (!initializer.Ready.IsCompletedSuccessfully || catalog.Queues.Count == 0)
            return Results.Json(new { error = "not_ready", message = "Storage is not reachable yet." }, statusCode: 503);
        try
        {
            await storage.Queue(catalog.Queues[0]).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return Results.Json(new { ready = true });
        }
        catch (Exception e) when (StorageFault.Is(e))
        {
            return Results.Json(new { error = "not_ready", message = "Storage is not reachable." }, statusCode: 503);
        }
    }
}
