using WaFunctions.Storage;

namespace WaFunctions.Tests;

public class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void DevelopmentStorage()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");
        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", account.TableEndpoint.ToString());
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", account.QueueEndpoint.ToString());
        Assert.Equal("devstoreaccount1", account.SharedKey?.AccountName);
        Assert.Null(account.Token);
    }

    [Fact]
    public void DevelopmentStorage_CaseInsensitiveAndProxy()
    {
        var account = StorageAccount.Parse("usedevelopmentstorage=TRUE;DevelopmentStorageProxyUri=http://azurite");
        Assert.Equal("http://azurite:10002/devstoreaccount1", account.TableEndpoint.ToString());
        Assert.Equal("http://azurite:10001/devstoreaccount1", account.QueueEndpoint.ToString());
    }

    [Fact]
    public void ExplicitEndpoints_AzuriteOnOtherPorts_TrailingSlashTrimmed()
    {
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "TableEndpoint=http://127.0.0.1:20002/devstoreaccount1/;QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;");
        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal("http://127.0.0.1:20002/devstoreaccount1", account.TableEndpoint.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:20001/devstoreaccount1", account.QueueEndpoint.AbsoluteUri);
        Assert.NotNull(account.SharedKey);
    }

    [Fact]
    public void ProtocolAndSuffix()
    {
        var account = StorageAccount.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net");
        Assert.Equal("acct", account.AccountName);
        Assert.Equal("https://acct.table.core.windows.net/", account.TableEndpoint.ToString());
        Assert.Equal("https://acct.queue.core.windows.net/", account.QueueEndpoint.ToString());
    }

    [Fact]
    public void OtherSuffixAndProtocol()
    {
        var account = StorageAccount.Parse($"DefaultEndpointsProtocol=http;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");
        Assert.Equal("http://acct.table.core.chinacloudapi.cn/", account.TableEndpoint.ToString());
    }

    [Fact]
    public void DefaultsToHttpsPublicCloud()
    {
        var account = StorageAccount.Parse($"AccountName=acct;AccountKey={Key}");
        Assert.Equal("https://acct.queue.core.windows.net/", account.QueueEndpoint.ToString());
    }

    [Fact]
    public void CaseInsensitiveKeys()
    {
        var account = StorageAccount.Parse($"accountname=acct;ACCOUNTKEY={Key};tableendpoint=http://localhost:1/acct");
        Assert.Equal("acct", account.AccountName);
        Assert.Equal("http://localhost:1/acct", account.TableEndpoint.AbsoluteUri);
    }

    [Fact]
    public void KeyValueKeepsItsTrailingEquals()
    {
        // The value may contain '=' (base64 padding); a truncated key would fail to decode or sign wrongly.
        var account = StorageAccount.Parse($"AccountName=acct;AccountKey={Key}");
        var expected = new StorageSharedKeyCredential("acct", Key).Sign("x");
        Assert.Equal(expected, account.SharedKey!.Sign("x"));
    }

    [Theory]
    [InlineData("AccountKey=" + Key, "AccountName")]
    [InlineData("AccountName=acct", "AccountKey")]
    [InlineData("AccountName=;AccountKey=" + Key, "AccountName")]
    [InlineData("UseDevelopmentStorage=false;AccountName=acct", "AccountKey")]
    public void MissingPartThrowsNamingIt(string connectionString, string missing)
    {
        var e = Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));
        Assert.Contains(missing, e.Message);
    }

    [Theory]
    [InlineData("AccountName=acct;garbage;AccountKey=" + Key)]
    [InlineData("=value;AccountName=acct;AccountKey=" + Key)]
    public void GarbageSegmentThrows(string connectionString) =>
        Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyThrows(string connectionString) =>
        Assert.ThrowsAny<ArgumentException>(() => StorageAccount.Parse(connectionString));

    [Fact]
    public void FromAccountName()
    {
        var account = StorageAccount.FromAccountName("acct", new NoToken());
        Assert.Equal("https://acct.table.core.windows.net/", account.TableEndpoint.ToString());
        Assert.Null(account.SharedKey);
        Assert.NotNull(account.Token);
    }

    private sealed class NoToken : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();
        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
