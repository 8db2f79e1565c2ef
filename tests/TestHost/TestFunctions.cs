using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using WaFunctions.Events;
using WaFunctions.Storage;

namespace WaFunctions.TestHost;

/// <summary>Functions that record every run in a table, so tests can see what the local host did with them.</summary>
internal sealed class TestFunctions(StorageClients storage)
{
    public const string RunsTable = "testhostruns";
    public const string FailingQueue = "test-failing";
    public const string BlockingQueue = "test-blocking";
    public const string SlowQueue = "test-slow";
    public const string RecordEventsQueue = "test-record-events";

    private Task RecordAsync(string partition, string what) => RecordAsync(storage, partition, what);

    public static async Task RecordAsync(StorageClients storage, string partition, string what)
    {
        var table = storage.Table(RunsTable);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity(TableKey.Encode(partition), $"{DateTime.UtcNow:O}-{Guid.NewGuid():N}")
        {
            ["What"] = what,
            ["Pid"] = Environment.ProcessId,
        });
    }

    /// <summary>Records the try, then fails: the host must give up after five tries and poison the message.</summary>
    [Function("TestFailing")]
    public async Task FailingAsync([QueueTrigger(FailingQueue)] QueueMessage message)
    {
        await RecordAsync(message.MessageText, $"try {message.DequeueCount}");
        throw new InvalidOperationException("This handler always fails.");
    }

    /// <summary>On its first try records "started" and never finishes (the test kills the process); later tries complete.</summary>
    [Function("TestBlocking")]
    public async Task BlockingAsync([QueueTrigger(BlockingQueue)] QueueMessage message)
    {
        if (message.DequeueCount == 1)
        {
            await RecordAsync(message.MessageText, "started");
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }
        await RecordAsync(message.MessageText, $"completed on try {message.DequeueCount}");
    }

    /// <summary>Takes two seconds: long enough for a test to ask the host to stop while it runs.</summary>
    [Function("TestSlow")]
    public async Task SlowAsync([QueueTrigger(SlowQueue)] string text)
    {
        await RecordAsync(text, "started");
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        await RecordAsync(text, "completed");
    }

    /// <summary>Records the schedule occurrence each run is for.</summary>
    [Function("TestTimer")]
    public Task TickAsync([TimerTrigger("* * * * * *")] TimerInfo timer) => RecordAsync("timer", $"tick {timer.ScheduleStatus!.Last:O}");
}

/// <summary>
/// Records <c>count</c> domain events through the app's <see cref="IEventOutbox"/>, as a slice's handler would: ids
/// <c>evt_{prefix}_{i}</c> (stable, so a second run records the same events again).
/// Message: <c>{ prefix, count, type, sessionId?, text?, padding? }</c>.
/// </summary>
internal sealed class RecordEventsFunction(IEventOutbox outbox)
{
    private sealed record Order(string Prefix, int Count, string Type, string? SessionId, string? Text, int? Padding);

    [Function("TestRecordEvents")]
    public async Task RunAsync([QueueTrigger(TestFunctions.RecordEventsQueue)] string text, CancellationToken cancellationToken)
    {
        var order = JsonSerializer.Deserialize<Order>(text, JsonSerializerOptions.Web)!;
        var padding = new string('x', order.Padding ?? 0);
        for (var i = 0; i < order.Count; i++)
            await outbox.RecordAsync(new DomainEvent($"evt_{order.Prefix}_{i}", order.Type, order.SessionId, DateTimeOffset.UtcNow,
                new { index = i, text = order.Text, padding }), cancellationToken);
    }
}
