using Azure.Identity;
using WaFunctions.Storage;

namespace WaFunctions.Hosting;

/// <summary>
/// Finds the storage account the way the Functions host does: <c>AzureWebJobsStorage</c> as a
/// connection string, or identity-based as <c>AzureWebJobsStorage__accountName</c> (with optional
/// <c>__credential=managedidentity</c> and <c>__clientId</c> for a user-assigned identity).
/// </summary>
internal static class StorageSettings
{
    public static StorageAccount Resolve(IConfiguration config)
    {
        if (config["AzureWebJobsStorage"] is { Length: > 0 } connectionString)
            return StorageAccount.Parse(connectionString);
        if (config["AzureWebJobsStorage:accountName"] is { Length: > 0 } accountName)
        {
            var clientId = config["AzureWebJobsStorage:clientId"];
            Azure.Core.TokenCredential credential = string.Equals(config["AzureWebJobsStorage:credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
                ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
            return StorageAccount.FromAccountName(accountName, credential);
        }
        throw new InvalidOperationException(
            "Storage is not configured: set AzureWebJobsStorage (e.g. UseDevelopmentStorage=true) or AzureWebJobsStorage__accountName.");
    }
}
