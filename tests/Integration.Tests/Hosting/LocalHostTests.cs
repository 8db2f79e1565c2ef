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
        // Every-second schedule: each run is for its own occurrence, whole seconds, one after another (no bunching,
        // no occurrence run twice), however late the machine lets a run start.
        var slots = ticks.Select(t => DateTime.Parse(t.GetString("What")!["tick ".Length..], null, System.Globalization.DateTimeStyles.RoundtripKind))
            .Order().ToList();
        Assert.Equal(slots.Count, slots.Distinct().Count());
        Assert.All(slots, s => Assert.Equal(0, s.Ticks % TimeSpan.TicksPerSecond));
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalSeconds, 1, 5));
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
}
