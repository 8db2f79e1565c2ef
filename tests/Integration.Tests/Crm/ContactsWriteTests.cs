using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Crm;

[Collection(ApiCollection.Name)]
public sealed class ContactsWriteTests(ApiFixture api)
{
    private Task<string> KeyAsync() => api.NewKeyAsync(["contacts:read", "contacts:write"], rateLimitPerMinute: 10_000);

    private async Task<string> CreateIdAsync(string key, object body)
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/contacts", key, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiFixture.JsonAsync(response)).GetProperty("data").GetProperty("id").GetString()!;
    }

    [Theory]
    [InlineData("{\"phone\":\"919812345678\"}", "name")]
    [InlineData("{\"name\":\"A\"}", "phone")]
    [InlineData("{\"name\":\"   \",\"phone\":\"919812345678\"}", "name")]
    [InlineData("{\"name\":42,\"phone\":\"919812345678\"}", "name")]
    [InlineData("{\"name\":\"A\",\"phone\":919812345678}", "phone")]
    [InlineData("{\"name\":\"A\",\"phone\":\"12345\"}", "phone")]
    [InlineData("{\"name\":\"A\",\"phone\":\"1234567890123456\"}", "phone")]
    [InlineData("{\"name\":\"A\",\"phone\":\"91 98abc\"}", "phone")]
    [InlineData("{\"name\":\"A\",\"phone\":\"919812345678\",\"lifecycle\":\"prospect\"}", "lifecycle")]
    [InlineData("{\"name\":\"A\",\"phone\":\"919812345678\",\"tags\":\"vip\"}", "tags")]
    [InlineData("{\"name\":\"A\",\"phone\":\"919812345678\",\"tags\":[\"\"]}", "tags")]
    [InlineData("{\"name\":\"A\",\"phone\":\"919812345678\",\"email\":\"not-an-email\"}", "email")]
    [InlineData("{\"name\":\"A\",\"phone\":\"919812345678\",\"name\":", null)]
    public async Task Bad_bodies_get_400_naming_the_field(string body, string? named)
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/contacts", await KeyAsync(), rawBody: body);
        var text = await response.Content.ReadAsStringAsync();
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        if (named is not null) Assert.Contains($"'{named}'", text);
        Assert.DoesNotContain("WaFunctions", text);
    }

    [Theory]
    [InlineData("name", 201)]
    [InlineData("company", 201)]
    [InlineData("location", 201)]
    [InlineData("owner", 101)]
    [InlineData("lifetimeValue", 101)]
    [InlineData("notes", 5001)]
    [InlineData("email", 250)]
    public async Task Too_long_fields_get_400(string field, int length)
    {
        var body = new Dictionary<string, object> { ["name"] = "A", ["phone"] = ContactsApiTests.NewPhone() };
        body[field] = field == "email" ? new string('a', length) + "@example.com" : new string('x', length);
        var response = await api.Send(HttpMethod.Post, "api/v1/contacts", await KeyAsync(), body);
        var text = await response.Content.ReadAsStringAsync();
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains($"'{field}'", text);
    }

    [Fact]
    public async Task Too_many_or_too_long_tags_get_400()
    {
        var key = await KeyAsync();
        var many = Enumerable.Range(0, 51).Select(i => "t" + i).ToArray();
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/contacts", key, new { name = "A", phone = ContactsApiTests.NewPhone(), tags = many }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/contacts", key, new { name = "A", phone = ContactsApiTests.NewPhone(), tags = new[] { new string('t', 51) } }), 400, "invalid_input");
    }

    [Fact]
    public async Task Unicode_names_round_trip_and_lifecycle_defaults_to_lead()
    {
        var key = await KeyAsync();
        var id = await CreateIdAsync(key, new { name = "Aśha Rāo 👋", phone = ContactsApiTests.NewPhone(), notes = "line one\nline two" });
        var data = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/contacts/{id}", key))).GetProperty("data");
        Assert.Equal("Aśha Rāo 👋", data.GetProperty("name").GetString());
        Assert.Equal("line one\nline two", data.GetProperty("notes").GetString());
        Assert.Equal("lead", data.GetProperty("lifecycle").GetString());
        Assert.Equal(0, data.GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task A_second_contact_with_the_same_phone_gets_409_naming_the_existing_id()
    {
        var key = await KeyAsync();
        var phone = ContactsApiTests.NewPhone();
        var id = await CreateIdAsync(key, new { name = "First", phone });
        var response = await api.Send(HttpMethod.Post, "api/v1/contacts", key, new { name = "Second", phone = $"+{phone[..2]} {phone[2..7]}-{phone[7..]}" });
        await ApiFixture.AssertErrorAsync(response, 409, "duplicate_contact");
        Assert.Contains(id, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_creates_with_one_phone_make_exactly_one_contact()
    {
        var key = await KeyAsync();
        var phone = ContactsApiTests.NewPhone();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => api.Send(HttpMethod.Post, "api/v1/contacts", key, new { name = $"Racer {i}", phone })));
        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var id = (await ApiFixture.JsonAsync(created)).GetProperty("data").GetProperty("id").GetString()!;
        foreach (var r in responses.Where(r => r != created))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains(id, await r.Content.ReadAsStringAsync());
        }
        var found = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/contacts?q={phone}", key))).GetProperty("data");
        Assert.Equal(id, Assert.Single(found.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Scopes_are_enforced()
    {
        var reader = await api.NewKeyAsync(["contacts:read"], rateLimitPerMinute: 1000);
        var other = await api.NewKeyAsync(["tickets:read"], rateLimitPerMinute: 1000);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/contacts", reader, new { name = "A", phone = ContactsApiTests.NewPhone() }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Delete, "api/v1/contacts/c_000000000000", reader), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/contacts", other), 403, "insufficient_scope");
        Assert.Equal(HttpStatusCode.OK, (await api.Send(HttpMethod.Get, "api/v1/contacts?limit=1", reader)).StatusCode);
    }

    [Fact]
    public async Task Patch_updates_only_the_given_fields_and_moves_the_stage_and_phone_indexes()
    {
        var key = await KeyAsync();
        var (phone, newPhone) = (ContactsApiTests.NewPhone(), ContactsApiTests.NewPhone());
        var id = await CreateIdAsync(key, new { name = "Before", phone, email = "b@example.com", company = "Acme", tags = new[] { "x" } });
        var response = await api.Send(HttpMethod.Patch, $"api/v1/contacts/{id}", key, new { name = "After", phone = newPhone, lifecycle = "customer", company = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await ApiFixture.JsonAsync(response)).GetProperty("data");
        Assert.Equal("After", data.GetProperty("name").GetString());
        Assert.Equal(newPhone, data.GetProperty("phone").GetString());
        Assert.Equal("b@example.com", data.GetProperty("email").GetString());
        Assert.False(data.TryGetProperty("company", out _));
        Assert.Equal(["x"], data.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("customer", data.GetProperty("lifecycle").GetString());

        var customers = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/contacts?stage=customer&q={newPhone}", key))).GetProperty("data");
        Assert.Equal("After", Assert.Single(customers.EnumerateArray()).GetProperty("name").GetString());
        Assert.Empty((await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/contacts?stage=lead&q={newPhone}", key))).GetProperty("data").EnumerateArray());
        // The old phone is free again; the new one is taken.
        await CreateIdAsync(key, new { name = "Reuses old phone", phone });
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/contacts", key, new { name = "Dup", phone = newPhone }), 409, "duplicate_contact");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/contacts/{id}", key, new { lifecycle = "gold" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/contacts/{id}", key, new { name = "" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/contacts/{id}", key, new { phone }), 409, "duplicate_contact");
    }

    [Fact]
    public async Task Delete_removes_the_contact_and_frees_its_phone()
    {
        var key = await KeyAsync();
        var phone = ContactsApiTests.NewPhone();
        var id = await CreateIdAsync(key, new { name = "Gone soon", phone, lifecycle = "active" });
        Assert.Equal(HttpStatusCode.NoContent, (await api.Send(HttpMethod.Delete, $"api/v1/contacts/{id}", key)).StatusCode);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, $"api/v1/contacts/{id}", key), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Delete, $"api/v1/contacts/{id}", key), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/contacts/{id}", key, new { name = "x" }), 404, "not_found");
        Assert.Empty((await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/contacts?stage=active&q={phone}", key))).GetProperty("data").EnumerateArray());
        await CreateIdAsync(key, new { name = "Same phone again", phone });
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/contacts/not-an-id", key), 404, "not_found");
    }
}
