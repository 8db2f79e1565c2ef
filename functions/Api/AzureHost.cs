using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;

namespace WaFunctions.Api;

/// <summary>
/// The app as an Azure Functions isolated worker (Flex Consumption): the Functions host starts this executable with its
/// gRPC connection arguments, runs the <c>[Function]</c> triggers, and sends every HTTP request to <see cref="ApiFunction"/>,
/// which runs the same minimal-API endpoints as the local host.
/// </summary>
public static class AzureHost
{
    /// <summary>The Functions host passes its gRPC endpoint and a worker id; nothing else starts us with them.</summary>
    public static bool IsStartedByFunctionsHost(string[] args) =>
        args.Any(a => a is "--functions-uri" or "--functions-worker-id" or "--workerId");

    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddWaFunctions(builder.Configuration).AddWorkerApi();
        return builder.Build();
    }

    /// <summary>What the worker adds to the shared services so <see cref="ApiFunction"/> can serve the endpoints.</summary>
    public static IServiceCollection AddWorkerApi(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        // Endpoints take a DurableTaskClient like any service; here it is the one the Functions host bound to the request.
        services.AddScoped<DurableTaskClient>(sp =>
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Features.Get<DurableTaskClient>()
            ?? throw new InvalidOperationException("A Durable client is bound to HTTP requests only; triggers take a [DurableClient] parameter."));
        services.AddSingleton<ApiPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiPipeline>());
        return services;
    }
}
