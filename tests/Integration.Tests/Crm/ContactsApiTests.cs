using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Crm;

[Collection(ApiCollection.Name)]
public sealed class ContactsApiTests(ApiFixture api)
{
    private Task<string> KeyAsync() => api.NewKeyAsync(["contacts:read", "contacts:write"], rateLimitPerMinute: 10_000);

    /// <summary>A fresh phone number (12 digits, country code 91) so tests never collide.</summary>
    internal static string NewPhone() => "91" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    private async Task<JsonElement> CreateAsync(string key, object body)
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/contacts", key, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiFixture.JsonAsync(response)).GetProperty("data");
    }

    private async Task<JsonElement> ListAsync(string key, string query) =>
        await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, "api/v1/contacts" + query, key));

    [Fact]
    public async Task The_seed_create_example_answers_201_with_its_shape()
    {
        var key = await KeyAsync();
        var phone = NewPhone();
        var data = await CreateAsync(key, new { name = "Asha Rao", phone, email = "asha@example.com", lifecycle = "lead", tags = new[] { "website" } });
        Assert.Matches("^c_[a-z0-9]+$", data.GetProperty("id").GetString());
        Assert.Equal("Asha Rao", data.GetProperty("name").GetString());
        Assert.Equal(phone, data.GetProperty("phone").GetString());
        Assert.Equal("asha@example.com", data.GetProperty("email").GetString());
        Assert.Equal(["website"], data.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("lead", data.GetProperty("lifecycle").GetString());
        // Fields that were not sent are left out, as in the seed's example.
        foreach (var absent in new[] { "company", "location", "owner", "lifetimeValue", "notes" })
            Assert.False(data.TryGetProperty(absent, out _), absent);
        Assert.True(data.TryGetProperty("createdAt", out _));
    }

    [Fact]
    public async Task The_seed_list_example_by_stage_shows_every_field()
    {
        var key = await KeyAsync();
        var phone = NewPhone();
        var created = await CreateAsync(key, new
        {
            name = "Asha Rao", phone = "+" + phone[..2] + " " + phone[2..], email = "asha@example.com", company = "Acme", location = "Bengaluru",
            owner = "agent-7", tags = new[] { "website", "wholesale" }, lifecycle = "vip", lifetimeValue = "₹12,000", notes = "Prefers WhatsApp over email.",
        });
        var id = created.GetProperty("id").GetString();
        var vip = await ListAllAsync(key, "?stage=vip");
        var item = Assert.Single(vip, c => c.GetProperty("id").GetString() == id);
        Assert.All(vip, c => Assert.Equal("vip", c.GetProperty("lifecycle").GetString()));
        Assert.Equal("Asha Rao", item.GetProperty("name").GetString());
        Assert.Equal(phone, item.GetProperty("phone").GetString());
        Assert.Equal("asha@example.com", item.GetProperty("email").GetString());
        Assert.Equal("Acme", item.GetProperty("company").GetString());
        Assert.Equal("Bengaluru", item.GetProperty("location").GetString());
        Assert.Equal("agent-7", item.GetProperty("owner").GetString());
        Assert.Equal(["website", "wholesale"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("vip", item.GetProperty("lifecycle").GetString());
        Assert.Equal("₹12,000", item.GetProperty("lifetimeValue").GetString());
        Assert.Equal("Prefers WhatsApp over email.", item.GetProperty("notes").GetString());
        Assert.DoesNotContain(await ListAllAsync(key, "?stage=lead"), c => c.GetProperty("id").GetString() == id);
    }

    /// <summary>Follows nextCursor to the end, so other tests' data cannot push ours off the first page.</summary>
    private async Task<List<JsonElement>> ListAllAsync(string key, string query, int limit = 1000)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var sep = query.Length == 0 ? "?" : "&";
            var page = await ListAsync(key, $"{query}{sep}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            all.AddRange(page.GetProperty("data").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task Search_is_case_insensitive_across_name_email_and_phone_and_quotes_cannot_widen_it()
    {
        var key = await KeyAsync();
        var token = Guid.NewGuid().ToString("N")[..10];
        var phone = NewPhone();
        var obrien = await CreateAsync(key, new { name = $"Seán O'Brien {token}", phone, email = $"SEAN.{token}@Example.com" });
        var other = await CreateAsync(key, new { name = $"Other {token}", phone = NewPhone() });
        string Id(JsonElement e) => e.GetProperty("id").GetString()!;

        Assert.Equal([Id(obrien)], (await ListAllAsync(key, $"?q={Uri.EscapeDataString($"o'brien {token.ToUpperInvariant()}")}")).Select(Id));
        Assert.Equal([Id(obrien)], (await ListAllAsync(key, $"?q=sean.{token}@example")).Select(Id));
        Assert.Equal([Id(obrien)], (await ListAllAsync(key, $"?q={phone[2..]}")).Select(Id));
        Assert.Equal([Id(obrien)], (await ListAllAsync(key, $"?q={Uri.EscapeDataString("+" + phone[..2] + " " + phone[2..])}")).Select(Id));
        Assert.Equal(2, (await ListAllAsync(key, $"?q={token}")).Count);
        foreach (var hostile in new[] { $"{token}' or ''='", "' or 1 eq 1 or ''='", $"{token}\") or true" })
            Assert.DoesNotContain(await ListAllAsync(key, "?q=" + Uri.EscapeDataString(hostile)), c => Id(c) == Id(other) || Id(c) == Id(obrien));
    }

    [Fact]
    public async Task Paging_with_the_cursor_returns_each_contact_once()
    {
        var key = await KeyAsync();
        var token = Guid.NewGuid().ToString("N")[..10];
        var ids = new HashSet<string>();
        for (var i = 0; i < 7; i++) ids.Add((await CreateAsync(key, new { name = $"Pager {token} {i}", phone = NewPhone(), lifecycle = "churned" })).GetProperty("id").GetString()!);

        foreach (var query in new[] { $"?q={token}", "?stage=churned", "" })
        {
            var seen = (await ListAllAsync(key, query, limit: 3)).Select(c => c.GetProperty("id").GetString()!).ToList();
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Superset(ids, seen.ToHashSet());
        }
        var first = await ListAsync(key, $"?q={token}&limit=3");
        Assert.Equal(3, first.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.String, first.GetProperty("nextCursor").ValueKind);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/contacts?stage=vip&cursor=" + first.GetProperty("nextCursor").GetString(), key), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/contacts?cursor=%25%25", key), 400, "invalid_input");
    }

    [Theory]
    [InlineData("stage=VIP", "stage")]
    [InlineData("stage=prospect", "stage")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task Bad_query_parameters_get_400(string query, string named)
    {
        var response = await api.Send(HttpMethod.Get, "api/v1/contacts?" + query, await KeyAsync());
        var text = await response.Content.ReadAsStringAsync();
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains(named, text);
    }
}
