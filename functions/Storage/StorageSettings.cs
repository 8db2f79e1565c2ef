using Azure.Core;
using Azure.Identity;

namespace WaFunctions.Storage;

/// <summary>
/// Finds the storage account the way the Functions host does, from <c>AzureWebJobsStorage</c>:
/// <list type="bullet">
/// <item>a connection string (<c>UseDevelopmentStorage=true</c>, explicit Azurite endpoints, or an account key);</item>
/// <item>identity-based: <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c>
/// (or just <c>__accountName</c> for the public cloud's endpoints), with <c>__credential=managedidentity</c> and
/// <c>__clientId</c> for a user-assigned identity, else <c>DefaultAzureCredential</c>.</item>
/// </list>
/// </summary>
public static class StorageSettings
{
    public static StorageClients Resolve(IConfiguration config)
    {
        if (config["AzureWebJobsStorage"] is { Length: > 0 } connectionString) return StorageClients.FromConnectionString(connectionString);
        var (table, queue, blob) = ServiceUris(config);
        return StorageClients.FromServiceUris(table, queue, blob, Credential(config));
    }

    /// <summary>The three service endpoints of an identity-based setting; throws naming what is missing.</summary>
    public static (Uri Table, Uri Queue, Uri Blob) ServiceUris(IConfiguration config)
    {
        var account = config["AzureWebJobsStorage:accountName"];
        Uri Endpoint(string service, string setting)
        {
            if (config[setting] is { Length: > 0 } uri)
                return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http" ? parsed
                    : throw new InvalidOperationException($"Setting {setting.Replace(":", "__")} must be an absolute https URL, not '{uri}'.");
            return account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
                : throw new InvalidOperationException(
                    "Storage is not configured: set AzureWebJobsStorage (e.g. UseDevelopmentStorage=true), or AzureWebJobsStorage__accountName, " +
                    $"or AzureWebJobsStorage__tableServiceUri, __queueServiceUri and __blobServiceUri (missing: {service}).");
        }
        return (Endpoint("table", "AzureWebJobsStorage:tableServiceUri"), Endpoint("queue", "AzureWebJobsStorage:queueServiceUri"),
            Endpoint("blob", "AzureWebJobsStorage:blobServiceUri"));
    }

    public static TokenCredential Credential(IConfiguration config)
    {
        var clientId = config["AzureWebJobsStorage:clientId"];
        return string.Equals(config["AzureWebJobsStorage:credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
