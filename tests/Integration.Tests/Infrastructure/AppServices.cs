using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WaFunctions.Api;
using WaFunctions.Storage;

namespace WaFunctions.Tests.Infrastructure;

/// <summary>
/// The app's own services (<see cref="ApiComposition.AddWaFunctions"/>) against an Azurite, in the test process, so a
/// test can call a handler class directly — with one seam replaced, say — on real storage. Tables are created first.
/// </summary>
internal static class AppServices
{
    public static async Task<ServiceProvider> BuildAsync(AzuriteFixture azurite, Action<IServiceCollection>? replace = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddWaFunctions(config);
        replace?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<StorageClients>();
        await Task.WhenAll(ApiComposition.Tables.Select(t => storage.Table(t).CreateIfNotExistsAsync()));
        await storage.Container(ApiComposition.MediaContainer).CreateIfNotExistsAsync();
        await storage.Queue("engine-commands").CreateIfNotExistsAsync();
        return provider;
    }
}
