using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using WaFunctions.Storage;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Hosting;

/// <summary>The local functions host as a real process: queue semantics, poisoning, crash recovery, timers, readiness.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalHostTests(AzuriteFixture azurite)
{
    private const string RunsTable = "testhostruns";

    private Task<List<TableEntity>> RunsAsync(string partition) =>
        azurite.Storage.Table(RunsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(partition)}")).ToListAsync().AsTask();

    [Fact]
    public async Task A_handler_that_always_throws_is_tried_five_times_then_its_message_moves_to_poison()
    {
        await using var host = FunctionsProcess.Start("TestHost", azurite.ConnectionString);
        await host.WaitUntilReadyAsync();
        var text = "poison-" + Guid.NewGuid();
        await azurite.Storage.Queue("test-failing").SendMessageAsync(text);

        var poison = azurite.Storage.Queue("test-failing-poison");
        await Wait.UntilAsync(async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.MessageText == text),
            TimeSpan.FromSeconds(60), "the message in test-failing-poison");

        var tries = (await RunsAsync(text)).Select(r => r.GetString("What")).Order().ToList();
        Assert.Equal(["try 1", "try 2", "try 3", "try 4", "try 5"], tries);
        Assert.DoesNotContain((await azurite.Storage.Queue("test-failing").PeekMessagesAsync(32)).Value, m => m.MessageText == text);
    }

    [Fact]
    public async Task A_message_whose_handler_was_killed_midway_is_handled_again_after_restart()
    {
        var text = "crash-" + Guid.NewGuid();
        await using (var first = FunctionsProcess.Start("TestHost", azurite.ConnectionString))
        {
            await first.WaitUntilReadyAsync();
            await azurite.Storage.Queue("test-blocking").SendMessageAsync(text);
            await Wait.UntilAsync(async () => (await RunsAsync(text)).Any(r => r.GetString("What") == "started"), TimeSpan.FromSeconds(30), "the handler to start");
            await first.Process.KillAsync();
        }

        await using var second = FunctionsProcess.Start("TestHost", azurite.ConnectionString);
        await second.WaitUntilReadyAsync();
        var completed = await Wait.UntilAsync(async () => (await RunsAsync(text)).FirstOrDefault(r => r.GetString("What")!.StartsWith("completed")),
            TimeSpan.FromSeconds(30), "the message to be handled again");
        Assert.Equal("completed on try 2", completed.GetString("What"));
        Assert.Equal(second.Process.Id, completed.GetInt32("Pid"));
    }

    [Fact]
    public async Task On_shutdown_an_in_flight_handler_finishes_and_its_message_is_settled()
    {
        var text = "graceful-" + Guid.NewGuid();
        await using var host = FunctionsProcess.Start("TestHost", azurite.ConnectionString);
        await host.WaitUntilReadyAsync();
        await azurite.Storage.Queue("test-slow").SendMessageAsync(text);
        await Wait.UntilAsync(async () => (await RunsAsync(text)).Any(r => r.GetString("What") == "started"), TimeSpan.FromSeconds(30), "the handler to start");

        Assert.Equal(0, await host.Process.StopAsync(TimeSpan.FromSeconds(30)));

        var runs = await RunsAsync(text);
        Assert.Equal(["completed", "started"], runs.Select(r => r.GetString("What")).Order());
        Assert.All(runs, r => Assert.Equal(host.Process.Id, r.GetInt32("Pid")));
        // Settled, not abandoned: the message is deleted (the approximate count includes hidden messages,
        // and only this test uses the queue).
        Assert.Equal(0, (await azurite.Storage.Queue("test-slow").GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_timer_function_runs_on_its_schedule()
    {
        await using var host = FunctionsProcess.Start("TestHost", azurite.ConnectionString);
        await host.WaitUntilReadyAsync();
        var ticks = await Wait.UntilAsync(async () =>
        {
            var mine = (await RunsAsync("timer")).Where(r => r.GetInt32("Pid") == host.Process.Id).ToList();
            return mine.Count >= 3 ? mine : null;
        }, TimeSpan.FromSeconds(30), "three timer ticks");
        // Every-second schedule: consecutive ticks are about a second apart, never bunched.
        var times = ticks.Select(t => t.Timestamp!.Value).Order().ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalMilliseconds, 500, 5000));
    }

    [Fact]
    public async Task Ready_answers_503_while_storage_is_unreachable()
    {
        var closedPort = FreePorts.Take(1)[0];
        var unreachable = azurite.ConnectionString.Replace($":{azurite.QueuePort}/", $":{closedPort}/").Replace($":{azurite.TablePort}/", $":{closedPort}/");
        await using var host = FunctionsProcess.Start("WaFunctions", unreachable);
        var response = await Wait.UntilAsync(async () =>
        {
            try { return await host.Http.GetAsync("api/v1/ready"); }
            catch (HttpRequestException) { return null; }
        }, TimeSpan.FromSeconds(60), "the host to answer");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not_ready", body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Under_the_Functions_host_it_polls_nothing_and_runs_queue_invocations_posted_to_it()
    {
        var handlerPort = FreePorts.Take(1)[0];
        await using var host = FunctionsProcess.Start("TestHost", azurite.ConnectionString,
            new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = handlerPort.ToString() });
        await host.WaitUntilReadyAsync();
        Assert.True((await host.Http.GetAsync("/")).IsSuccessStatusCode);

        var text = "invoked-" + Guid.NewGuid();
        // Shaped as the Functions host sends it: the message text JSON-encoded once more, metadata as strings.
        var payload = JsonSerializer.Serialize(new
        {
            Data = new { message = JsonSerializer.Serialize(text) },
            Metadata = new Dictionary<string, object>
            {
                ["DequeueCount"] = "2", ["Id"] = "\"5a7e6b0c-0000-0000-0000-000000000000\"", ["PopReceipt"] = "\"AgAAAAMAAAAAAAAA\"",
                ["InsertionTime"] = "2025-06-29T10:15:00+00:00", ["NextVisibleTime"] = "2025-06-29T10:25:00+00:00",
                ["ExpirationTime"] = "2025-07-06T10:15:00+00:00", ["sys"] = new { MethodName = "TestBlocking", UtcNow = "2025-06-29T10:15:01Z", RandGuid = Guid.NewGuid() },
            },
        });
        var ok = await host.Http.PostAsync("/TestBlocking", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()))
        {
            Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
            Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
            Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        }
        Assert.Equal("completed on try 2", Assert.Single(await RunsAsync(text)).GetString("What"));

        var failed = await host.Http.PostAsync("/TestFailing", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        // No local poller runs: a queued message stays put.
        var untouched = "untouched-" + Guid.NewGuid();
        await azurite.Storage.Queue("test-failing").SendMessageAsync(untouched);
        var timerRuns = (await RunsAsync("timer")).Count(r => r.GetInt32("Pid") == host.Process.Id);
        Assert.Equal(0, timerRuns);
        Assert.Empty(await RunsAsync(untouched));
    }
}
