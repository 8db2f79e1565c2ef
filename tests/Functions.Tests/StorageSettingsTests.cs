using Azure.Identity;
using Microsoft.Extensions.Configuration;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

/// <summary>How the app finds its storage account: a connection string locally, service URIs and an identity in Azure.</summary>
public class StorageSettingsTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Environment variables use "__" where configuration keys use ":".
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":"), (string?)v.Value))).Build();

    [Fact]
    public void Development_storage_reaches_Azurite_on_its_default_ports()
    {
        var clients = StorageSettings.Resolve(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", clients.TableServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", clients.QueueServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", clients.BlobServiceUri.AbsoluteUri.TrimEnd('/'));
    }

    [Fact]
    public void Explicit_endpoints_reach_Azurite_on_other_ports()
    {
        var clients = StorageSettings.Resolve(Settings(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;" +
            "QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;TableEndpoint=http://127.0.0.1:20002/devstoreaccount1")));
        Assert.Equal("http://127.0.0.1:20002/devstoreaccount1", clients.TableServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:20001/devstoreaccount1", clients.QueueServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:20000/devstoreaccount1", clients.BlobServiceUri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("sessions", clients.Table("sessions").Name);
        Assert.Same(clients.Queue("engine-events"), clients.Queue("engine-events"));
    }

    [Fact]
    public void An_account_key_reaches_the_public_cloud()
    {
        var clients = StorageSettings.Resolve(Settings(("AzureWebJobsStorage", $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net")));
        Assert.Equal("https://acct.table.core.windows.net/", clients.TableServiceUri.AbsoluteUri);
        Assert.Equal("https://acct.blob.core.windows.net/", clients.BlobServiceUri.AbsoluteUri);
    }

    [Fact]
    public void Identity_based_settings_take_each_service_uri()
    {
        var config = Settings(
            ("AzureWebJobsStorage__tableServiceUri", "https://acct.table.core.windows.net"),
            ("AzureWebJobsStorage__queueServiceUri", "https://acct.queue.core.windows.net"),
            ("AzureWebJobsStorage__blobServiceUri", "https://acct.blob.core.windows.net"),
            ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__clientId", "00000000-0000-0000-0000-000000000001"));
        var (table, queue, blob) = StorageSettings.ServiceUris(config);
        Assert.Equal(("acct.table.core.windows.net", "acct.queue.core.windows.net", "acct.blob.core.windows.net"), (table.Host, queue.Host, blob.Host));
        Assert.IsType<ManagedIdentityCredential>(StorageSettings.Credential(config));
        Assert.Equal(table, StorageSettings.Resolve(config).TableServiceUri);
    }

    [Fact]
    public void An_account_name_alone_means_the_public_cloud_endpoints_and_the_default_credential()
    {
        var config = Settings(("AzureWebJobsStorage__accountName", "acct"));
        var (table, queue, blob) = StorageSettings.ServiceUris(config);
        Assert.Equal(("https://acct.table.core.windows.net/", "https://acct.queue.core.windows.net/", "https://acct.blob.core.windows.net/"),
            (table.AbsoluteUri, queue.AbsoluteUri, blob.AbsoluteUri));
        Assert.IsType<DefaultAzureCredential>(StorageSettings.Credential(config));
    }

    [Fact]
    public void A_service_uri_overrides_the_account_name_for_its_service_only()
    {
        var (table, queue, _) = StorageSettings.ServiceUris(Settings(("AzureWebJobsStorage__accountName", "acct"),
            ("AzureWebJobsStorage__queueServiceUri", "https://other.queue.core.windows.net")));
        Assert.Equal(("acct.table.core.windows.net", "other.queue.core.windows.net"), (table.Host, queue.Host));
    }

    [Fact]
    public void Missing_settings_are_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StorageSettings.Resolve(Settings()));
        Assert.Contains("AzureWebJobsStorage", e.Message);
        var partial = Assert.Throws<InvalidOperationException>(() => StorageSettings.ServiceUris(Settings(("AzureWebJobsStorage__tableServiceUri", "https://a.table.core.windows.net"))));
        Assert.Contains("missing: queue", partial.Message);
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("ftp://acct.table.core.windows.net")]
    public void A_bad_service_uri_is_named(string uri)
    {
        var e = Assert.Throws<InvalidOperationException>(() => StorageSettings.ServiceUris(Settings(("AzureWebJobsStorage__accountName", "acct"),
            ("AzureWebJobsStorage__tableServiceUri", uri))));
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", e.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused() =>
        Assert.ThrowsAny<Exception>(() => StorageSettings.Resolve(Settings(("AzureWebJobsStorage", "AccountName=acct;garbage"))));
}
