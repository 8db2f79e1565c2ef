using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Crm;

[Collection(ApiCollection.Name)]
public sealed class HealthApiTests(ApiFixture api)
{
    [Fact]
    public async Task Any_valid_key_gets_ok_and_the_version()
    {
        var key = await api.NewKeyAsync(["tickets:read"]);
        var response = await api.Send(HttpMethod.Get, "api/v1/health", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiFixture.JsonAsync(response);
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal("1.0.0", body.GetProperty("version").GetString());
        Assert.Equal(2, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task No_key_gets_401() =>
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/health", null), 401, "invalid_api_key");
}
