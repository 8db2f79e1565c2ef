using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Crm;

[Collection(ApiCollection.Name)]
public sealed class TicketsApiTests(ApiFixture api)
{
    private Task<string> KeyAsync() => api.NewKeyAsync(["tickets:read", "tickets:write"], rateLimitPerMinute: 10_000);

    private async Task<JsonElement> CreateAsync(string key, object body)
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/tickets", key, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiFixture.JsonAsync(response)).GetProperty("data");
    }

    private async Task<List<JsonElement>> ListAllAsync(string key, string query, int limit = 1000)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get,
                $"api/v1/tickets{query}{(query.Length == 0 ? "?" : "&")}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), key));
            all.AddRange(page.GetProperty("data").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return all;
    }

    private static long Number(JsonElement ticket) => long.Parse(ticket.GetProperty("ref").GetString()!["TKT-".Length..]);

    [Fact]
    public async Task The_seed_create_example_answers_201_with_defaults()
    {
        var data = await CreateAsync(await KeyAsync(), new { subject = "Refund not received", customerName = "Asha Rao", customerPhone = "919812345678", priority = "high" });
        Assert.Matches("^t_[a-z0-9]+$", data.GetProperty("id").GetString());
        Assert.Matches("^TKT-[1-9][0-9]*$", data.GetProperty("ref").GetString());
        Assert.Equal("Refund not received", data.GetProperty("subject").GetString());
        Assert.Equal("Asha Rao", data.GetProperty("customerName").GetString());
        Assert.Equal("919812345678", data.GetProperty("customerPhone").GetString());
        Assert.Equal("open", data.GetProperty("status").GetString());
        Assert.Equal("high", data.GetProperty("priority").GetString());
        Assert.Equal("api", data.GetProperty("tag").GetString());
        Assert.False(data.TryGetProperty("assignee", out _));
    }

    [Fact]
    public async Task Only_subject_is_required_and_priority_defaults_to_med()
    {
        var data = await CreateAsync(await KeyAsync(), new { subject = "Aśha's order 👋" });
        Assert.Equal("Aśha's order 👋", data.GetProperty("subject").GetString());
        Assert.Equal("med", data.GetProperty("priority").GetString());
        Assert.Equal("open", data.GetProperty("status").GetString());
        Assert.Equal("api", data.GetProperty("tag").GetString());
    }

    [Fact]
    public async Task The_seed_list_example_by_status_shows_every_field_and_filters_by_assignee()
    {
        var key = await KeyAsync();
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var open = await CreateAsync(key, new { subject = "Refund not received", customerName = "Asha Rao", customerPhone = "919812345678", priority = "high", assignee = agent, tag = "chat" });
        var waiting = await CreateAsync(key, new { subject = "Other", status = "waiting", assignee = agent });
        string Id(JsonElement e) => e.GetProperty("id").GetString()!;

        var openList = await ListAllAsync(key, "?status=open");
        Assert.All(openList, t => Assert.Equal("open", t.GetProperty("status").GetString()));
        var item = Assert.Single(openList, t => Id(t) == Id(open));
        Assert.DoesNotContain(openList, t => Id(t) == Id(waiting));
        Assert.Equal(open.GetProperty("ref").GetString(), item.GetProperty("ref").GetString());
        Assert.Equal("Refund not received", item.GetProperty("subject").GetString());
        Assert.Equal("Asha Rao", item.GetProperty("customerName").GetString());
        Assert.Equal("919812345678", item.GetProperty("customerPhone").GetString());
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.Equal("high", item.GetProperty("priority").GetString());
        Assert.Equal(agent, item.GetProperty("assignee").GetString());
        Assert.Equal("chat", item.GetProperty("tag").GetString());

        Assert.Equal([Id(waiting), Id(open)], (await ListAllAsync(key, $"?assignee={agent}")).Select(Id)); // newest first
        Assert.Equal([Id(waiting)], (await ListAllAsync(key, $"?assignee={agent.ToUpperInvariant()}&status=waiting")).Select(Id));
        Assert.Empty(await ListAllAsync(key, $"?assignee={agent}&status=closed"));
    }

    [Fact]
    public async Task Fifty_concurrent_creates_get_fifty_distinct_sequential_refs()
    {
        var key = await KeyAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => api.Send(HttpMethod.Post, "api/v1/tickets", key, new { subject = $"Burst {i}" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = new List<long>();
        foreach (var r in responses) numbers.Add(Number((await ApiFixture.JsonAsync(r)).GetProperty("data")));
        Assert.Equal(50, numbers.Distinct().Count());
        // Other tests may create tickets meanwhile, so the burst's numbers are increasing but may interleave with theirs.
        var after = Number(await CreateAsync(key, new { subject = "After the burst" }));
        Assert.True(after > numbers.Max());
    }

    [Fact]
    public async Task Patch_changes_status_and_assignee_and_moves_the_ticket_between_filters()
    {
        var key = await KeyAsync();
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var created = await CreateAsync(key, new { subject = "Move me", assignee = agent });
        var id = created.GetProperty("id").GetString()!;
        var response = await api.Send(HttpMethod.Patch, $"api/v1/tickets/{id}", key, new { status = "resolved", assignee = "", priority = "low" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await ApiFixture.JsonAsync(response)).GetProperty("data");
        Assert.Equal("resolved", data.GetProperty("status").GetString());
        Assert.Equal("low", data.GetProperty("priority").GetString());
        Assert.Equal("Move me", data.GetProperty("subject").GetString());
        Assert.Equal(created.GetProperty("ref").GetString(), data.GetProperty("ref").GetString());
        Assert.False(data.TryGetProperty("assignee", out _));
        Assert.Empty(await ListAllAsync(key, $"?assignee={agent}"));
        Assert.Contains(await ListAllAsync(key, "?status=resolved"), t => t.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(await ListAllAsync(key, "?status=open"), t => t.GetProperty("id").GetString() == id);
        var read = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/tickets/{id}", key))).GetProperty("data");
        Assert.Equal("resolved", read.GetProperty("status").GetString());
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/tickets/{id}", key, new { status = "done" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, "api/v1/tickets/t_000000000000", key, new { status = "open" }), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/tickets/nope", key), 404, "not_found");
    }

    [Fact]
    public async Task Paging_with_the_cursor_returns_each_ticket_once()
    {
        var key = await KeyAsync();
        var agent = "pager-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await CreateAsync(key, new { subject = $"Page {i}", assignee = agent })).GetProperty("id").GetString()!);
        ids.Reverse();
        Assert.Equal(ids, (await ListAllAsync(key, $"?assignee={agent}", limit: 2)).Select(t => t.GetProperty("id").GetString()!));
    }

    [Theory]
    [InlineData("{}", "subject")]
    [InlineData("{\"subject\":\"  \"}", "subject")]
    [InlineData("{\"subject\":7}", "subject")]
    [InlineData("{\"subject\":\"x\",\"priority\":\"normal\"}", "priority")]
    [InlineData("{\"subject\":\"x\",\"status\":\"new\"}", "status")]
    [InlineData("{\"subject\":\"x\",\"customerPhone\":\"call me\"}", "customerPhone")]
    [InlineData("{\"subject\":\"x\",\"assignee\":[\"a\"]}", "assignee")]
    public async Task Bad_bodies_get_400_naming_the_field(string body, string named)
    {
        var response = await api.Send(HttpMethod.Post, "api/v1/tickets", await KeyAsync(), rawBody: body);
        var text = await response.Content.ReadAsStringAsync();
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains($"'{named}'", text);
    }

    [Fact]
    public async Task Too_long_fields_and_bad_filters_get_400_and_scopes_are_enforced()
    {
        var key = await KeyAsync();
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/tickets", key, new { subject = new string('s', 201) }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/tickets", key, new { subject = "x", tag = new string('t', 51) }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/tickets?status=pending", key), 400, "invalid_input");
        var reader = await api.NewKeyAsync(["tickets:read"], rateLimitPerMinute: 1000);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/tickets", reader, new { subject = "x" }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, "api/v1/tickets/t_000000000000", reader, new { subject = "x" }), 403, "insufficient_scope");
        var contacts = await api.NewKeyAsync(["contacts:read"], rateLimitPerMinute: 1000);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/tickets", contacts), 403, "insufficient_scope");
    }
}
