using System.Text.Json;
using WaFunctions.Events;
using WaFunctions.Hosting;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.TestHost;

/// <summary>Functions that record every run in a table, so tests can see what the host did.</summary>
internal static class TestFunctions
{
    public const string RunsTable = "testhostruns";
    public const string FailingQueue = "test-failing";
    public const string BlockingQueue = "test-blocking";
    public const string SlowQueue = "test-slow";
    public const string RecordEventsQueue = "test-record-events";

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        new QueueFunction("TestFailing", FailingQueue, typeof(FailingHandler)),
        new QueueFunction("TestBlocking", BlockingQueue, typeof(BlockingHandler)),
        new QueueFunction("TestSlow", SlowQueue, typeof(SlowHandler)),
        new TimerFunction("TestTimer", "* * * * * *", typeof(TickHandler)),
        new QueueFunction("TestRecordEvents", RecordEventsQueue, typeof(RecordEventsHandler)),
    ];

    public static Task RecordAsync(StorageClients storage, string partition, string what) =>
        storage.Table(RunsTable).AddEntityAsync(new TableEntity(TableKey.Encode(partition), $"{DateTime.UtcNow:O}-{Guid.NewGuid():N}")
        {
            ["What"] = what,
            ["Pid"] = Environment.ProcessId,
        });
}

/// <summary>Records the try, then fails: the host must give up after five tries and poison the message.</summary>
internal sealed class FailingHandler(StorageClients storage) : IQueueHandler
{
    public async Task HandleAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        await TestFunctions.RecordAsync(storage, message.MessageText, $"try {message.DequeueCount}");
        throw new InvalidOperationException("This handler always fails.");
    }
}

/// <summary>On its first try records "started" and never finishes (the test kills the process); later tries complete.</summary>
internal sealed class BlockingHandler(StorageClients storage) : IQueueHandler
{
    public async Task HandleAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount == 1)
        {
            await TestFunctions.RecordAsync(storage, message.MessageText, "started");
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }
        await TestFunctions.RecordAsync(storage, message.MessageText, $"completed on try {message.DequeueCount}");
    }
}

/// <summary>Takes two seconds: long enough for a test to ask the host to stop while it runs.</summary>
internal sealed class SlowHandler(StorageClients storage) : IQueueHandler
{
    public async Task HandleAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        await TestFunctions.RecordAsync(storage, message.MessageText, "started");
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        await TestFunctions.RecordAsync(storage, message.MessageText, "completed");
    }
}

internal sealed class TickHandler(StorageClients storage) : ITimerHandler
{
    public Task RunAsync(CancellationToken cancellationToken) => TestFunctions.RecordAsync(storage, "timer", "tick");
}

/// <summary>
/// Records <c>count</c> domain events through the app's <see cref="IEventOutbox"/>, as a slice's handler
/// would: ids <c>evt_{prefix}_{i}</c> (stable, so a second run records the same events again).
/// Message: <c>{ prefix, count, type, sessionId?, text?, padding? }</c>.
/// </summary>
internal sealed class RecordEventsHandler(IEventOutbox outbox) : IQueueHandler
{
    private sealed record Order(string Prefix, int Count, string Type, string? SessionId, string? Text, int? Padding);

    public async Task HandleAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        var order = JsonSerializer.Deserialize<Order>(message.MessageText, JsonSerializerOptions.Web)!;
        var padding = new string('x', order.Padding ?? 0);
        for (var i = 0; i < order.Count; i++)
            await outbox.RecordAsync(new DomainEvent($"evt_{order.Prefix}_{i}", order.Type, order.SessionId, DateTimeOffset.UtcNow,
                new { index = i, text = order.Text, padding }), cancellationToken);
    }
}
