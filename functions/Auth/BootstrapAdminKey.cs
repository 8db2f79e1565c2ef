using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Auth;

/// <summary>
/// Makes sure an admin key (scope <c>*</c>) exists: <c>WA_ADMIN_KEY</c> if set, otherwise one
/// generated at the very first start and printed once to the console (never to the log). A marker
/// row decides which instance's key survives when several start together; the others delete theirs.
/// </summary>
internal sealed class BootstrapAdminKey(ApiKeyStore keys, StorageClients storage, ApiSettings settings, StorageInitializer initializer,
    ILogger<BootstrapAdminKey> logger) : BackgroundService
{
    private const string MarkerPartition = "bootstrap";
    private const string MarkerRow = "admin";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await initializer.Ready.WaitAsync(stoppingToken);
        if (settings.AdminKey is { } configured)
        {
            if (await keys.ExistsAsync(configured, stoppingToken)) return;
            try { await keys.CreateAsync("admin (WA_ADMIN_KEY)", [Scopes.All], null, stoppingToken, configured); }
            catch (RequestFailedException e) when (e.Status == 409) { /* another instance stored it first */ }
            logger.LogInformation("Admin key from WA_ADMIN_KEY is registered");
            return;
        }
        var table = storage.Table(ApiKeyStore.TableName);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, cancellationToken: stoppingToken)).HasValue) return;
        var (key, secret) = await keys.CreateAsync("admin (generated)", [Scopes.All], null, stoppingToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(MarkerPartition, MarkerRow) { ["KeyId"] = key.Id }, stoppingToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            await keys.DeleteAsync(key, stoppingToken); // another instance bootstrapped first
            return;
        }
        Console.WriteLine($"Bootstrap admin key (shown once, store it now): {secret}");
    }
}
