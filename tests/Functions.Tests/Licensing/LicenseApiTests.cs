using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

public class LicenseApiTests
{
    [Theory]
    [InlineData("off", LicenseStatus.Valid, "2026-03-31T12:00:00Z")]
    [InlineData("warn", LicenseStatus.Expired, "2026-02-28T12:00:00Z")]
    [InlineData("enforce", LicenseStatus.Expired, "2026-02-28T12:00:00Z")]
    public void SignedLicenseShowsItsPayload(string mode, string status, string expiresAt)
    {
        var (settings, state) = WithLicense(mode, status);
        Assert.Equal(new LicenseView(status, mode, "Acme GmbH", "business", expiresAt), LicenseApi.GetLicense(state, settings).Value);
    }

    [Theory]
    [InlineData(LicenseStatus.Invalid)]
    [InlineData(LicenseStatus.Missing)]
    public void UnsignedLicenseShowsNoPayload(string status)
    {
        var (settings, state) = WithLicense("enforce", status);
        Assert.Equal(new LicenseView(status, "enforce", null, null, null), LicenseApi.GetLicense(state, settings).Value);
    }

    [Fact]
    public async Task ResponseShape()
    {
        var (settings, state) = WithLicense("enforce", LicenseStatus.Missing);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var body = new MemoryStream();
        context.Response.Body = body;

        await LicenseApi.GetLicense(state, settings).ExecuteAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        using var json = JsonDocument.Parse(body.ToArray());
        Assert.Equal(["status", "mode", "licensee", "plan", "expiresAt"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("missing", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("enforce", json.RootElement.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("expiresAt").ValueKind);
    }

    [Fact]
    public async Task HandlerBindsFromAddLicensing()
    {
        using var key = NewKey();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WA_LICENSE_MODE"] = "warn",
            ["WA_LICENSE_PUBLIC_KEY"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            ["WA_LICENSE_KEY"] = Mint(key, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddLicensing(config).BuildServiceProvider();
        // The same delegate-to-endpoint step MapMethods performs, parameters resolved from services.
        var endpoint = RequestDelegateFactory.Create(LicenseApi.GetLicense, new RequestDelegateFactoryOptions { ServiceProvider = services });
        var context = new DefaultHttpContext { RequestServices = services, Request = { Method = "GET" } };
        var body = new MemoryStream();
        context.Response.Body = body;

        await endpoint.RequestDelegate(context);

        using var json = JsonDocument.Parse(body.ToArray());
        Assert.Equal("valid", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("warn", json.RootElement.GetProperty("mode").GetString());
        Assert.Equal("2099-01-01T00:00:00Z", json.RootElement.GetProperty("expiresAt").GetString());
    }
}
