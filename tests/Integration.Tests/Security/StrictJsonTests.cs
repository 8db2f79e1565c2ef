using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Security;

/// <summary>Bodies mean one thing: a repeated property is refused, not resolved to its last copy; in PATCH, null clears.</summary>
[Collection(ApiCollection.Name)]
public sealed class StrictJsonTests(ApiFixture api)
{
    [Fact]
    public async Task A_repeated_property_is_400_naming_it_and_creates_nothing()
    {
        var name = "dup " + Guid.NewGuid().ToString("N")[..8];
        var response = await api.Send(HttpMethod.Post, "api/v1/api-keys", ApiFixture.AdminKey,
            rawBody: $"{{\"name\":\"{name}\",\"scopes\":[\"contacts:read\"],\"scopes\":[\"*\"]}}");
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains("'scopes' appears more than once", await response.Content.ReadAsStringAsync());
        var list = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, "api/v1/api-keys?limit=1000", ApiFixture.AdminKey));
        Assert.DoesNotContain(list.GetProperty("data").EnumerateArray(), k => k.GetProperty("name").GetString() == name);
    }

    [Theory]
    [InlineData("api/v1/contacts", "{\"name\":\"A\",\"phone\":\"919800000001\",\"name\":\"B\"}", "name")]
    [InlineData("api/v1/tickets", "{\"subject\":\"a\",\"subject\":\"b\"}", "subject")]
    [InlineData("api/v1/messages", "{\"to\":\"919800000001\",\"text\":\"hi\",\"to\":\"919800000002\"}", "to")]
    public async Task Repeated_properties_are_refused_on_every_body(string path, string body, string field)
    {
        var response = await api.Send(HttpMethod.Post, path, ApiFixture.AdminKey, rawBody: body);
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains($"'{field}'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_repeated_property_in_a_nested_free_form_body_is_refused()
    {
        var session = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { name = "strict" })))
            .GetProperty("data").GetProperty("id").GetString();
        var response = await api.Send(HttpMethod.Patch, $"api/v1/sessions/{session}/pacing", ApiFixture.AdminKey,
            rawBody: "{\"quietHours\":{\"start\":\"22:00\",\"start\":\"01:00\"}}");
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains("'start'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_null_scope_is_400()
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/api-keys", ApiFixture.AdminKey, rawBody: "{\"name\":\"n\",\"scopes\":[null]}");
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains("scopes[0]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task In_a_PATCH_null_clears_an_optional_field_and_absence_keeps_it()
    {
        var (id, _) = await api.NewKeyWithIdAsync(["chats:read"], rateLimitPerMinute: 30);
        var kept = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", ApiFixture.AdminKey, rawBody: "{\"name\":\"kept\"}"))).GetProperty("data");
        Assert.Equal(30, kept.GetProperty("rateLimitPerMinute").GetInt32());
        var cleared = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", ApiFixture.AdminKey, rawBody: "{\"rateLimitPerMinute\":null}"))).GetProperty("data");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("rateLimitPerMinute").ValueKind);

        var contact = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/contacts", ApiFixture.AdminKey,
            new { name = "Null Clears", phone = "9198" + Random.Shared.NextInt64(10_000_000, 99_999_999), email = "a@example.com", company = "Acme" }))).GetProperty("data");
        var contactId = contact.GetProperty("id").GetString();
        var patched = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Patch, $"api/v1/contacts/{contactId}", ApiFixture.AdminKey,
            rawBody: "{\"email\":null}"))).GetProperty("data");
        Assert.False(patched.TryGetProperty("email", out var email) && email.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal("Acme", patched.GetProperty("company").GetString());
    }

    [Theory]
    [InlineData("{\"name\":null}", "name")]
    [InlineData("{\"scopes\":null}", "scopes")]
    [InlineData("{\"disabled\":null}", "disabled")]
    public async Task In_a_PATCH_null_on_a_field_that_cannot_be_cleared_is_400_naming_it(string body, string field)
    {
        var (id, _) = await api.NewKeyWithIdAsync(["chats:read"]);
        var response = await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", ApiFixture.AdminKey, rawBody: body);
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains($"'{field}' cannot be cleared", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.Send(HttpMethod.Get, $"api/v1/api-keys/{id}", ApiFixture.AdminKey)).StatusCode);
    }
}
