using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

[Collection(InboxCollection.Name)]
public sealed class AgentsApiTests(InboxFixture inbox)
{
    [Fact]
    public async Task Agents_are_created_read_changed_and_deleted_with_unique_emails()
    {
        var email = $"asha.{Guid.NewGuid():N}@example.com";
        var created = await inbox.Data(HttpMethod.Post, "api/v1/agents", new { name = "Asha Rao", email, role = "admin" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^ag_[a-z0-9]{10}$", id);
        Assert.Equal(["id", "name", "email", "role", "status", "statusSince", "createdAt", "updatedAt"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal("offline", created.GetProperty("status").GetString());
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/agents", new { name = "Copy", email = email.ToUpperInvariant() }), 409, "duplicate_email");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/agents", new { name = "X", role = "owner" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/agents", new { email }), 400, "invalid_input");

        var online = await inbox.Data(HttpMethod.Patch, $"api/v1/agents/{id}", new { status = "online", email = (string?)null });
        Assert.Equal("online", online.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, online.GetProperty("email").ValueKind);
        // The address is free again.
        var other = await inbox.Data(HttpMethod.Post, "api/v1/agents", new { name = "Other", email }, HttpStatusCode.Created);
        Assert.Contains((await inbox.Get("api/v1/agents?status=online")).EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        Assert.DoesNotContain((await inbox.Get("api/v1/agents?status=online")).EnumerateArray(), a => a.GetProperty("id").GetString() == other.GetProperty("id").GetString());

        var reader = (await inbox.Data(HttpMethod.Post, "api/v1/api-keys", new { name = "r", scopes = new[] { "agents:read" } }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        Assert.Equal(id, (await inbox.Data(HttpMethod.Get, $"api/v1/agents/{id}", key: reader)).GetProperty("id").GetString());
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Patch, $"api/v1/agents/{id}", new { name = "Y" }, reader), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/api-keys", new { name = "k", scopes = new[] { "chats:read" }, agentId = "ag_nobody00000" }), 400, "invalid_input");

        Assert.Equal(HttpStatusCode.NoContent, (await inbox.Send(HttpMethod.Delete, $"api/v1/agents/{id}")).StatusCode);
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Get, $"api/v1/agents/{id}"), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Delete, $"api/v1/agents/{id}"), 404, "not_found");
    }

    [Fact]
    public async Task A_key_bound_to_an_agent_shows_it_on_me_until_unbound()
    {
        var agent = await inbox.AgentAsync("Bound");
        var (id, key) = await KeyAsync(agent);
        var me = await inbox.Data(HttpMethod.Get, "api/v1/me", key: key);
        Assert.Equal(["id", "name", "scopes", "prefix", "agentId", "agent"], me.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bound", me.GetProperty("agent").GetProperty("name").GetString());
        Assert.Equal(agent, (await inbox.Get($"api/v1/api-keys/{id}")).GetProperty("agentId").GetString());
        await inbox.Data(HttpMethod.Patch, $"api/v1/api-keys/{id}", new { agentId = (string?)null });
        await Wait.UntilAsync(async () => (await inbox.Data(HttpMethod.Get, "api/v1/me", key: key)).GetProperty("agent").ValueKind == System.Text.Json.JsonValueKind.Null,
            TimeSpan.FromSeconds(15), "the key's cache to see the unbinding");
    }

    private async Task<(string Id, string Key)> KeyAsync(string agentId)
    {
        var data = await inbox.Data(HttpMethod.Post, "api/v1/api-keys", new { name = "bound", scopes = new[] { "chats:read" }, agentId }, HttpStatusCode.Created);
        return (data.GetProperty("id").GetString()!, data.GetProperty("key").GetString()!);
    }
}
