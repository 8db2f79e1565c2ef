using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Webhooks;

/// <summary>The webhooks API: validation, the SSRF guard at registration, secret visibility, scopes.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhooksApiTests(WebhookFixture fx)
{
    [Fact]
    public async Task The_secret_is_shown_on_creation_and_rotation_only()
    {
        var (id, secret) = await fx.CreateAsync(new { url = fx.Receiver.Url("/api-" + Guid.NewGuid()), events = new[] { "message.received", "contact.created" }, description = "crm" });
        Assert.StartsWith("wh_", id);
        Assert.StartsWith("whsec_", secret);
        var got = await fx.WebhookAsync(id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, got.GetProperty("secret").ValueKind);
        Assert.DoesNotContain(secret, got.ToString());
        Assert.Equal(["message.received", "contact.created"], got.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        var list = await ApiFixture.JsonAsync(await fx.Send(HttpMethod.Get, "api/v1/webhooks"));
        Assert.Contains(list.GetProperty("data").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(secret, list.ToString());

        var rotated = (await ApiFixture.JsonAsync(await fx.Send(HttpMethod.Post, $"api/v1/webhooks/{id}/rotate-secret"))).GetProperty("data");
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(secret, newSecret);
        Assert.True(rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
    }

    [Fact]
    public async Task A_provided_secret_is_validated_and_used()
    {
        var mine = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (_, secret) = await fx.CreateAsync(new { url = fx.Receiver.Url("/own"), events = new[] { "*" }, secret = mine });
        Assert.Equal(mine, secret);
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/webhooks", new { url = fx.Receiver.Url("/x"), events = new[] { "*" }, secret = "whsec_c2hvcnQ=" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/webhooks", new { url = fx.Receiver.Url("/x"), events = new[] { "*" }, secret = "plain-text" }), 400, "invalid_input");
    }

    [Theory]
    [InlineData("message.received", "no.such.event")]
    [InlineData("*", "message.received")]
    public async Task Unknown_event_types_and_a_mixed_wildcard_are_refused(string a, string b) =>
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/webhooks", new { url = fx.Receiver.Url("/x"), events = new[] { a, b } }), 400, "invalid_input");

    [Fact]
    public async Task Events_and_url_are_required() =>
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/webhooks", new { url = fx.Receiver.Url("/x") }), 400, "invalid_input");

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]   // cloud metadata: refused even with private targets allowed
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    public async Task Refused_urls_are_400_at_registration(string url)
    {
        var response = await fx.Send(HttpMethod.Post, "api/v1/webhooks", new { url, events = new[] { "*" } });
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
    }

    [Fact]
    public async Task Patch_changes_fields_and_rechecks_the_url()
    {
        var (id, _) = await fx.CreateAsync(new { url = fx.Receiver.Url("/p"), events = new[] { "*" } });
        var patched = await ApiFixture.JsonAsync(await fx.Send(HttpMethod.Patch, $"api/v1/webhooks/{id}", new { events = new[] { "ticket.created" }, sessionId = "s9", enabled = false }));
        Assert.Equal("ticket.created", patched.GetProperty("data").GetProperty("events")[0].GetString());
        Assert.Equal("s9", patched.GetProperty("data").GetProperty("sessionId").GetString());
        Assert.False(patched.GetProperty("data").GetProperty("enabled").GetBoolean());
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Patch, $"api/v1/webhooks/{id}", new { url = "http://169.254.169.254/" }), 400, "invalid_input");
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Send(HttpMethod.Delete, $"api/v1/webhooks/{id}")).StatusCode);
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Get, $"api/v1/webhooks/{id}"), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Get, "api/v1/webhooks/wh_nope'or'1"), 404, "not_found");
    }

    [Fact]
    public async Task Scopes_are_enforced()
    {
        var key = await NewKeyAsync(["webhooks:read"]);
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/webhooks") { Content = System.Net.Http.Json.JsonContent.Create(new { url = fx.Receiver.Url("/s"), events = new[] { "*" } }) };
        request.Headers.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.App.Http.SendAsync(request)).StatusCode);
        var read = new HttpRequestMessage(HttpMethod.Get, "api/v1/webhooks");
        read.Headers.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await fx.App.Http.SendAsync(read)).StatusCode);
    }

    private async Task<string> NewKeyAsync(string[] scopes)
    {
        var response = await fx.Send(HttpMethod.Post, "api/v1/api-keys", new { name = "wh " + Guid.NewGuid().ToString("N")[..6], scopes });
        return (await ApiFixture.JsonAsync(response)).GetProperty("data").GetProperty("key").GetString()!;
    }
}
