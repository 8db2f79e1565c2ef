using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Hosting;

/// <summary>
/// Storage goes away under a running app (Azurite killed) and comes back. While it is down, requests are answered
/// 503 <c>storage_unavailable</c> with <c>Retry-After</c> (not 500 after half a minute of retries), readiness is 503,
/// and afterwards everything works again without a restart.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const string AdminKey = "lw_live_OutageAdminKey000000000000000000";
    private readonly AzuriteFixture _azurite = new();
    private FunctionsProcess? _app;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = FunctionsProcess.Start("WaFunctions", _azurite.ConnectionString, new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = AdminKey,
        });
        await _app.WaitUntilReadyAsync();
        await Wait.UntilAsync(async () => (await Get("api/v1/contacts?limit=1")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key to work");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private Task<HttpResponseMessage> Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", AdminKey);
        return _app!.Http.SendAsync(request);
    }

    [Fact]
    public async Task While_storage_is_down_requests_get_503_storage_unavailable_and_recover_when_it_is_back()
    {
        await _azurite.StopAsync();

        var down = await Get("api/v1/contacts?limit=1");
        await ApiFixture.AssertErrorAsync(down, 503, "storage_unavailable");
        Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to retry");
        var write = new HttpRequestMessage(HttpMethod.Post, "api/v1/tickets") { Content = System.Net.Http.Json.JsonContent.Create(new { subject = "during outage" }) };
        write.Headers.Authorization = new("Bearer", AdminKey);
        await ApiFixture.AssertErrorAsync(await _app!.Http.SendAsync(write), 503, "storage_unavailable");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _app.Http.GetAsync("api/v1/ready")).StatusCode);

        await _azurite.StartAsync();
        await Wait.UntilAsync(async () => (await _app.Http.GetAsync("api/v1/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "ready again");
        Assert.Equal(HttpStatusCode.OK, (await Get("api/v1/contacts?limit=1")).StatusCode);
    }
}
