using System.Net;
using WaFunctions.Auth;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Security;

/// <summary>A key with <c>keys:manage</c> manages keys within its own reach only: it can neither mint nor touch a stronger key.</summary>
[Collection(ApiCollection.Name)]
public sealed class KeyEscalationTests(ApiFixture api)
{
    private static readonly string AdminId = ApiKey.IdFor(ApiKey.HashOf(ApiFixture.AdminKey));

    [Theory]
    [InlineData("*")]
    [InlineData("keys:manage contacts:read")]
    [InlineData("broadcasts:write")]
    public async Task A_manager_cannot_grant_scopes_it_lacks(string requested)
    {
        var scopes = requested.Split(' ');
        var manager = await api.NewKeyAsync(["keys:manage", "chats:read"]);
        var name = "escalate " + Guid.NewGuid().ToString("N")[..8];
        var response = await api.Send(HttpMethod.Post, "api/v1/api-keys", manager, new { name, scopes });
        await ApiFixture.AssertErrorAsync(response, 403, "insufficient_scope");
        var list = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, "api/v1/api-keys?limit=1000", ApiFixture.AdminKey));
        Assert.DoesNotContain(list.GetProperty("data").EnumerateArray(), k => k.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task A_manager_can_grant_what_it_holds()
    {
        var manager = await api.NewKeyAsync(["keys:manage", "chats:read"]);
        var response = await api.Send(HttpMethod.Post, "api/v1/api-keys", manager, new { name = "reader", scopes = new[] { "chats:read" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_manager_cannot_disable_change_or_delete_the_admin_key()
    {
        var manager = await api.NewKeyAsync(["keys:manage"]);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{AdminId}", manager, new { disabled = true }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{AdminId}", manager, new { name = "mine now" }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Delete, $"api/v1/api-keys/{AdminId}", manager), 403, "insufficient_scope");
        var admin = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/api-keys/{AdminId}", ApiFixture.AdminKey))).GetProperty("data");
        Assert.False(admin.GetProperty("disabled").GetBoolean());
        Assert.NotEqual("mine now", admin.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_manager_cannot_widen_a_key_even_its_own()
    {
        var (id, manager) = await api.NewKeyWithIdAsync(["keys:manage"]);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", manager, new { scopes = new[] { "*" } }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", manager, new { scopes = new[] { "keys:manage", "messages:write" } }), 403, "insufficient_scope");
        var own = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/api-keys/{id}", ApiFixture.AdminKey))).GetProperty("data");
        Assert.Equal(["keys:manage"], own.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        // Narrowing and renaming within reach still works.
        Assert.Equal(HttpStatusCode.OK, (await api.Send(HttpMethod.Patch, $"api/v1/api-keys/{id}", manager, new { name = "renamed" })).StatusCode);
    }
}
