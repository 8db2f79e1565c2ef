using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

[Collection(ApiCollection.Name)]
public sealed class SessionSendCapTests(ApiFixture api)
{
    private readonly EngineEventsTests _events = new(api);

    [Fact]
    public async Task A_session_shows_todays_warm_up_cap_and_what_a_send_used_of_it()
    {
        var sessionId = await _events.ReadySessionAsync(EngineEventsTests.Phone());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var pacing = await api.Send(HttpMethod.Patch, $"api/v1/sessions/{sessionId}/pacing", ApiFixture.AdminKey, new
        {
            dailyCap = 500,
            quietHours = new { enabled = false, timeZone = "Asia/Kolkata" },
            warmup = new { enabled = true, startDate = today, ramp = new[] { 7, 20 } },
        });
        Assert.Equal(HttpStatusCode.OK, pacing.StatusCode);

        var before = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/sessions/{sessionId}", ApiFixture.AdminKey))).GetProperty("data").GetProperty("sendCap");
        Assert.Equal("Asia/Kolkata", before.GetProperty("timeZone").GetString());
        // The day is the pacing zone's calendar day, which is today or tomorrow in UTC terms; the ramp applies from today.
        var day = DateOnly.ParseExact(before.GetProperty("day").GetString()!, "yyyy-MM-dd");
        Assert.Equal(day == DateOnly.FromDateTime(DateTime.UtcNow) ? 7 : 20, before.GetProperty("cap").GetInt32());
        Assert.Equal(0, before.GetProperty("sent").GetInt32());

        var send = await api.Send(HttpMethod.Post, "api/v1/messages", ApiFixture.AdminKey, new { to = EngineEventsTests.Phone(), text = "counted", from = sessionId });
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);

        var after = (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/sessions/{sessionId}", ApiFixture.AdminKey))).GetProperty("data").GetProperty("sendCap");
        Assert.Equal(1, after.GetProperty("sent").GetInt32());
        Assert.Equal(after.GetProperty("cap").GetInt32() - 1, after.GetProperty("remaining").GetInt32());

        // The list stays light: the cap is only on the single-session read.
        var list = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, "api/v1/sessions", ApiFixture.AdminKey));
        Assert.All(list.GetProperty("data").EnumerateArray(), s => Assert.False(s.TryGetProperty("sendCap", out _)));
    }
}
