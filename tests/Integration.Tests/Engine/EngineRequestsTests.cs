using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WaFunctions.Engine;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

/// <summary>
/// Request/response over the bus: an answer handled by another instance reaches the waiting one through storage, and a
/// lost answer ends the call at its deadline with 504 engine_timeout — never a hanging request.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EngineRequestsTests(ApiFixture api)
{
    private static EngineEnvelope Answer(string sessionId, string requestId) => EngineEnvelope.TryParse(JsonSerializer.Serialize(new
    {
        v = 1, id = Guid.NewGuid().ToString(), type = "contacts.check.result", sessionId, at = DateTimeOffset.UtcNow.ToString("O"), seq = 7,
        data = new { requestId, results = new[] { new { number = "4915112345678", exists = true, jid = "4915112345678@s.whatsapp.net" } } },
    }, JsonSerializerOptions.Web))!;

    /// <summary>The requestId of the newest command of <paramref name="type"/> for <paramref name="sessionId"/> on engine-commands.</summary>
    private async Task<JsonElement> CommandAsync(string sessionId, string type)
    {
        var queue = api.Storage.Queue("engine-commands");
        return await Wait.UntilAsync<object>(async () =>
        {
            foreach (var m in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60))).Value)
            {
                var root = JsonDocument.Parse(m.MessageText).RootElement;
                if (root.GetProperty("sessionId").GetString() == sessionId && root.GetProperty("type").GetString() == type) return root.Clone();
            }
            return null;
        }, TimeSpan.FromSeconds(30), $"the {type} command") is JsonElement e ? e : throw new InvalidOperationException();
    }

    [Fact]
    public async Task An_answer_handled_by_another_instance_reaches_the_waiting_one_through_storage()
    {
        await using var asking = await AppServices.BuildAsync(api.Azurite);
        await using var answering = await AppServices.BuildAsync(api.Azurite);
        var sessionId = "nreq" + Random.Shared.Next(100_000, 999_999);
        var ask = asking.GetRequiredService<EngineRequests>().AskAsync("contacts.check", sessionId, new() { ["numbers"] = new[] { "4915112345678" } }, default);
        var command = await CommandAsync(sessionId, "contacts.check");
        var requestId = command.GetProperty("data").GetProperty("requestId").GetString()!;
        Assert.StartsWith("rq_", requestId);
        await answering.GetRequiredService<EngineRequests>().AnswerAsync(Answer(sessionId, requestId), default);
        var answer = await ask.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(answer.Ok);
        Assert.Equal("4915112345678@s.whatsapp.net", answer.Data.GetProperty("results")[0].GetProperty("jid").GetString());
    }

    [Fact]
    public async Task A_lost_answer_ends_at_the_deadline()
    {
        await using var services = await AppServices.BuildAsync(api.Azurite, settings: new Dictionary<string, string?> { ["WA_ENGINE_ANSWER_TIMEOUT_SECONDS"] = "1" });
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EngineTimeoutException>(() =>
            services.GetRequiredService<EngineRequests>().AskAsync("group.list", "nlost01", new(), default));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
        Assert.Contains("did not answer 'group.list' within 1 s", e.Message);
    }

    [Fact]
    public async Task Over_http_a_check_answered_in_any_instance_is_200_and_an_unanswered_group_write_is_504()
    {
        // A second app process on the same storage with a short deadline (long enough for the test to play the engine under load):
        // either process may handle the answer event.
        await using var second = FunctionsProcess.Start("WaFunctions", api.Azurite.ConnectionString, new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = ApiFixture.AdminKey, ["WA_ENGINE"] = "simulator", ["WA_RATE_LIMIT_PER_MINUTE"] = "100000", ["WA_ENGINE_ANSWER_TIMEOUT_SECONDS"] = "8",
        });
        await second.WaitUntilReadyAsync();
        var sessionId = await new EngineEventsTests(api).ReadySessionAsync(EngineEventsTests.Phone());
        var key = await api.NewKeyAsync(["contacts:read", "groups:write"]);
        HttpRequestMessage Get(string path) => new(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", key) } };

        var check = second.Http.SendAsync(Get($"api/v1/on-whatsapp/+49%20151%2012345678?sessionId={sessionId}"));
        var command = await CommandAsync(sessionId, "contacts.check");
        Assert.Equal(["4915112345678"], command.GetProperty("data").GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));
        await new EngineBus(api.Storage).SendAsync("contacts.check.result", sessionId, 50, new
        {
            requestId = command.GetProperty("data").GetProperty("requestId").GetString(),
            results = new[] { new { number = "4915112345678", exists = true, jid = "4915112345678@s.whatsapp.net" } },
        });
        var answered = await check;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var data = (await ApiFixture.JsonAsync(answered)).GetProperty("data");
        Assert.Equal(("4915112345678", true, "4915112345678@s.whatsapp.net"), (data.GetProperty("phone").GetString(), data.GetProperty("exists").GetBoolean(), data.GetProperty("jid").GetString()));

        var clock = Stopwatch.StartNew();
        var create = new HttpRequestMessage(HttpMethod.Post, $"api/v1/groups?sessionId={sessionId}")
        {
            Headers = { Authorization = new("Bearer", key) }, Content = System.Net.Http.Json.JsonContent.Create(new { subject = "No engine", participants = new[] { "4915112345678" } }),
        };
        var timedOut = await second.Http.SendAsync(create);
        await ApiFixture.AssertErrorAsync(timedOut, 504, "engine_timeout");
        Assert.InRange(clock.Elapsed.TotalSeconds, 7.5, 30);
        Assert.Contains("group.create", (await ApiFixture.JsonAsync(timedOut)).GetProperty("message").GetString());
    }
}
