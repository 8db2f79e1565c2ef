using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(ApiFixture api)
{
    [Theory]
    [InlineData(null)]
    [InlineData("lw_live_short")]
    [InlineData("lw_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("lw_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("lw_live_UnknownKey000000000000000000000")]
    public async Task Missing_malformed_or_unknown_keys_get_401(string? key)
    {
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/api-keys", key), 401, "invalid_api_key");
    }

    [Fact]
    public async Task The_X_API_Key_header_works_like_Bearer()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/api-keys?limit=1");
        request.Headers.Add("X-API-Key", ApiFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await api.App.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_scope_gets_403_and_one_with_it_passes()
    {
        var chatsOnly = await api.NewKeyAsync(["chats:read"]);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/api-keys", chatsOnly), 403, "insufficient_scope");
        var manager = await api.NewKeyAsync(["keys:manage"]);
        Assert.Equal(HttpStatusCode.OK, (await api.Send(HttpMethod.Get, "api/v1/api-keys", manager)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_key_stops_working_within_seconds_and_works_again_when_enabled()
    {
        var (id, key) = await api.NewKeyWithIdAsync(["keys:manage"]);
        Assert.Equal(HttpStatusCode.OK, (await api.Send(HttpMethod.Get, "api/v1/api-keys", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", ApiFixture.AdminKey, new { disabled = true })).StatusCode);
        // Every instance caches keys for a few seconds at most.
        await Wait.UntilAsync(async () => (await api.Send(HttpMethod.Get, "api/v1/api-keys", key)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10), "the disabled key to be refused");
        await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", ApiFixture.AdminKey, new { disabled = false });
        await Wait.UntilAsync(async () => (await api.Send(HttpMethod.Get, "api/v1/api-keys", key)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "the re-enabled key to work");
    }

    [Fact]
    public async Task Every_authenticated_answer_carries_rate_limit_headers()
    {
        var key = await api.NewKeyAsync(["keys:manage"], rateLimitPerMinute: 120);
        var response = await api.Send(HttpMethod.Get, "api/v1/api-keys?limit=1", key);
        Assert.Equal("120", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("119", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        var reset = DateTimeOffset.FromUnixTimeSeconds(long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single()));
        Assert.InRange(reset - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task Over_its_budget_a_key_gets_429_with_Retry_After()
    {
        var key = await api.NewKeyAsync(["keys:manage"], rateLimitPerMinute: 5);
        var allowed = 0;
        HttpResponseMessage response;
        while ((response = await api.Send(HttpMethod.Get, "api/v1/api-keys?limit=1", key)).StatusCode == HttpStatusCode.OK && allowed < 20) allowed++;
        // Exactly 5 per window; 10 only if a minute boundary fell inside the loop.
        Assert.True(allowed is 5 or 10, $"{allowed} requests passed before the first refusal");
        await ApiFixture.AssertErrorAsync(response, 429, "rate_limited");
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("5", response.Headers.GetValues("X-RateLimit-Limit").Single());
    }
}
