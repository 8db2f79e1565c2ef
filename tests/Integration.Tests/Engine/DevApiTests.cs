using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

[Collection(ApiCollection.Name)]
public sealed class DevApiTests(ApiFixture api)
{
    [Fact]
    public async Task Dev_endpoints_need_the_admin_scope_an_existing_session_and_valid_bodies()
    {
        var id = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { })))
            .GetProperty("data").GetProperty("id").GetString();
        var sessionsKey = await api.NewKeyAsync(["sessions:write", "sessions:read", "messages:write"]);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/scan", sessionsKey, new { }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/dev/sessions/nnosuch/scan", ApiFixture.AdminKey, new { }), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/status", ApiFixture.AdminKey, new { messageId = "X", status = "seen" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/inbound", ApiFixture.AdminKey, new { text = "no sender" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/timelock", ApiFixture.AdminKey, new { }), 400, "invalid_input");
        var ok = await api.Send(HttpMethod.Post, $"api/v1/dev/sessions/{id}/timelock", ApiFixture.AdminKey, new { seconds = 30 });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("sim.timelock", (await ApiFixture.JsonAsync(ok)).GetProperty("data").GetProperty("queued").GetString());
    }

    [Fact]
    public async Task Sessions_api_validates_and_answers_404_for_unknown_ids()
    {
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/sessions/nnosuch", ApiFixture.AdminKey), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/sessions/nnosuch/qr", ApiFixture.AdminKey), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { name = new string('x', 101) }), 400, "invalid_input");
        var id = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { })))
            .GetProperty("data").GetProperty("id").GetString();
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr", ApiFixture.AdminKey), 404, "qr_not_available");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, $"api/v1/sessions/{id}/qr?format=gif", ApiFixture.AdminKey), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, $"api/v1/sessions/{id}/connect", ApiFixture.AdminKey, new { pairingPhone = "12" }), 400, "invalid_input");
        var reader = await api.NewKeyAsync(["sessions:read"]);
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Post, $"api/v1/sessions/{id}/connect", reader, new { }), 403, "insufficient_scope");
        var list = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, "api/v1/sessions", reader));
        Assert.Contains(list.GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
    }
}
