using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class KeysApiTests(ApiFixture api)
{
    [Fact]
    public async Task Create_shows_the_key_once_and_reads_show_only_its_masked_prefix()
    {
        var created = await api.Send(HttpMethod.Post, "api/v1/api-keys", ApiFixture.AdminKey, new { name = "crm sync", scopes = new[] { "contacts:read", "contacts:write" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await ApiFixture.JsonAsync(created)).GetProperty("data");
        var secret = data.GetProperty("key").GetString()!;
        Assert.Matches("^lw_live_[A-Za-z0-9]{32}$", secret);
        var id = data.GetProperty("id").GetString()!;
        Assert.Equal("crm sync", data.GetProperty("name").GetString());
        Assert.Equal(["contacts:read", "contacts:write"], data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        var read = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/api-keys/{id}", ApiFixture.AdminKey))).GetProperty("data");
        Assert.False(read.TryGetProperty("key", out _));
        Assert.Equal(secret[..12] + "…", read.GetProperty("prefix").GetString());
        Assert.DoesNotContain(secret, read.GetRawText());
        Assert.True(DateTimeOffset.TryParse(read.GetProperty("createdAt").GetString(), out _));
    }

    [Fact]
    public async Task Last_used_time_is_recorded()
    {
        var (id, key) = await api.NewKeyWithIdAsync(["keys:manage"]);
        await api.Send(HttpMethod.Get, "api/v1/api-keys?limit=1", key);
        await Wait.UntilAsync(async () =>
            (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/api-keys/{id}", ApiFixture.AdminKey)))
                .GetProperty("data").GetProperty("lastUsedAt").ValueKind == System.Text.Json.JsonValueKind.String,
            TimeSpan.FromSeconds(10), "lastUsedAt to be set");
    }

    [Fact]
    public async Task Deleted_keys_stop_working_and_are_gone()
    {
        var (id, key) = await api.NewKeyWithIdAsync(["keys:manage"]);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Send(HttpMethod.Delete, $"api/v1/api-keys/{id}", ApiFixture.AdminKey)).StatusCode);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, $"api/v1/api-keys/{id}", ApiFixture.AdminKey), 404, "not_found");
        await Wait.UntilAsync(async () => (await api.Send(HttpMethod.Get, "api/v1/api-keys", key)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10), "the deleted key to be refused");
    }

    [Theory]
    [InlineData("{\"scopes\":[\"chats:read\"]}", "name")]
    [InlineData("{\"name\":\"x\"}", "scopes")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"chats:delete\"]}", "chats:delete")]
    [InlineData("{\"name\":\"x\",\"scopes\":\"chats:read\"}", "scopes")]
    [InlineData("{\"name\":42,\"scopes\":[\"chats:read\"]}", "name")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"chats:read\"]", null)]
    [InlineData("", null)]
    public async Task Bad_bodies_get_400_invalid_input_naming_the_field(string body, string? named)
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/api-keys", ApiFixture.AdminKey, rawBody: body);
        var text = await response.Content.ReadAsStringAsync();
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        if (named is not null) Assert.Contains(named, text);
        Assert.DoesNotContain("WaFunctions", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public async Task Unknown_routes_get_404_and_wrong_methods_405_in_the_error_shape()
    {
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/nope", ApiFixture.AdminKey), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Put, "api/v1/api-keys", ApiFixture.AdminKey), 405, "method_not_allowed");
    }

    [Fact]
    public async Task A_body_over_one_MiB_gets_413()
    {
        var huge = "{\"name\":\"" + new string('a', 1024 * 1024 + 10) + "\",\"scopes\":[\"chats:read\"]}";
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/api-keys") { Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-API-Key", ApiFixture.AdminKey);
        // Wait for the server's go-ahead before sending the body: it refuses on the declared length,
        // so the client never writes into a connection the server has already closed.
        request.Headers.ExpectContinue = true;
        await ApiFixture.AssertErrorAsync(await api.App.Http.SendAsync(request), 413, "payload_too_large");
    }
}
