using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Api;

/// <summary>Two functions processes on one storage account spend one budget per key.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedRateLimitTests(AzuriteFixture azurite)
{
    private const string AdminKey = "lw_live_RateLimitTestAdmin00000000000000";

    [Fact]
    public async Task Two_instances_share_one_budget_per_key()
    {
        var settings = new Dictionary<string, string?>(FunctionsProcess.FastQueues) { ["WA_ADMIN_KEY"] = AdminKey };
        await using var first = FunctionsProcess.Start("WaFunctions", azurite.ConnectionString, settings);
        await using var second = FunctionsProcess.Start("WaFunctions", azurite.ConnectionString, settings);
        await Task.WhenAll(first.WaitUntilReadyAsync(), second.WaitUntilReadyAsync());

        var created = await Wait.UntilAsync(async () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/api-keys") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "shared", scopes = new[] { "keys:manage" }, rateLimitPerMinute = 10 }) };
            request.Headers.Add("X-API-Key", AdminKey);
            var response = await first.Http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Created ? response : null;
        }, TimeSpan.FromSeconds(30), "a key to be created");
        var key = (await ApiFixture.JsonAsync(created)).GetProperty("data").GetProperty("key").GetString()!;
        // Without a budget of its own a key gets the default of 120 a minute.
        Assert.Equal("120", created.Headers.GetValues("X-RateLimit-Limit").Single());

        // Alternate instances, concurrently, 16 requests against a budget of 10 per minute.
        async Task<HttpStatusCode> Call(FunctionsProcess app)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/api-keys?limit=1");
            request.Headers.Add("X-API-Key", key);
            return (await app.Http.SendAsync(request)).StatusCode;
        }
        // Keep the burst inside one minute window, so exactly the budget passes.
        await Wait.UntilAsync(() => Task.FromResult(DateTime.UtcNow.Second < 50), TimeSpan.FromSeconds(15), "the start of a fresh part of the minute");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Call(i % 2 == 0 ? first : second)));
        // Separate budgets would let all 16 through (8 per instance); one shared budget lets 10.
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Contains(HttpStatusCode.OK, statuses.Where((_, i) => i % 2 == 1)); // both instances served some
    }
}
