using Azure.Core;

namespace WaFunctions.Storage;

/// <summary>
/// Where a storage account lives and how to authenticate to it: a Shared Key from a
/// connection string (Azurite, or keys in a dev subscription) or a <see cref="TokenCredential"/>
/// (managed identity in Azure, where accounts have Shared Key access turned off).
/// </summary>
public sealed class StorageAccount
{
    // Azurite's fixed, publicly documented development account.
    internal const string DevelopmentAccountName = "devstoreaccount1";
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string AccountName { get; }
    public Uri TableEndpoint { get; }
    public Uri QueueEndpoint { get; }
    internal StorageSharedKeyCredential? SharedKey { get; }
    internal TokenCredential? Token { get; }

    private StorageAccount(string accountName, Uri tableEndpoint, Uri queueEndpoint,
        StorageSharedKeyCredential? sharedKey, TokenCredential? token)
    {
        AccountName = accountName;
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        SharedKey = sharedKey;
        Token = token;
    }

    /// <summary>An account reached with Microsoft Entra ID at the public cloud's endpoints.</summary>
    public static StorageAccount FromAccountName(string accountName, TokenCredential credential) =>
        new(accountName,
            new Uri($"https://{accountName}.table.core.windows.net"),
            new Uri($"https://{accountName}.queue.core.windows.net"),
            sharedKey: null, credential);

    /// <summary>
    /// Parses a storage connection string: <c>UseDevelopmentStorage=true</c>, or
    /// <c>AccountName</c>/<c>AccountKey</c> with either explicit <c>TableEndpoint</c>/<c>QueueEndpoint</c>
    /// (how Azurite on non-default ports is reached) or <c>DefaultEndpointsProtocol</c>/<c>EndpointSuffix</c>.
    /// </summary>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=');
            if (eq <= 0) throw new FormatException("The storage connection string has a segment without '='.");
            parts[segment[..eq]] = segment[(eq + 1)..];
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p) : new Uri("http://127.0.0.1");
            return new StorageAccount(DevelopmentAccountName,
                new Uri($"{proxy.Scheme}://{proxy.Host}:10002/{DevelopmentAccountName}"),
                new Uri($"{proxy.Scheme}://{proxy.Host}:10001/{DevelopmentAccountName}"),
                new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey), token: null);
        }

        string Require(string name) => parts.TryGetValue(name, out var v) && v.Length > 0
            ? v : throw new FormatException($"The storage connection string has no {name}.");

        var account = Require("AccountName");
        var key = new StorageSharedKeyCredential(account, Require("AccountKey"));
        var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto : "https";
        var suffix = parts.TryGetValue("EndpointSuffix", out var sfx) ? sfx : "core.windows.net";
        Uri Endpoint(string name, string service) => parts.TryGetValue(name, out var explicitEndpoint)
            ? new Uri(explicitEndpoint.TrimEnd('/'))
            : new Uri($"{protocol}://{account}.{service}.{suffix}");

        return new StorageAccount(account, Endpoint("TableEndpoint", "table"), Endpoint("QueueEndpoint", "queue"), key, token: null);
    }
}
