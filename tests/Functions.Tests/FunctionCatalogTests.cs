using WaFunctions.Hosting;

namespace WaFunctions.Tests;

public class FunctionCatalogTests
{
    private interface IHandler;

    private static QueueFunction Queue(string name, string queue) => new(name, queue, typeof(IHandler));

    [Fact]
    public void QueuesIncludePoisonQueueForEachQueueFunction()
    {
        var catalog = new FunctionCatalog(
            [Queue("EngineEvents", "engine-events"), Queue("Outbox", "outbox"), new TimerFunction("Tick", "0 * * * * *", typeof(IHandler))],
            ["sessions"], ["engine-commands"]);
        Assert.Equal(["engine-events", "engine-events-poison", "outbox", "outbox-poison", "engine-commands"], catalog.Queues);
        Assert.Equal(["sessions"], catalog.Tables);
        Assert.Equal(3, catalog.Functions.Count);
    }

    [Fact]
    public void PoisonQueueName() => Assert.Equal("q-poison", FunctionCatalog.PoisonQueueName("q"));

    [Fact]
    public void SharedQueuesAndTablesAreListedOnce()
    {
        var catalog = new FunctionCatalog([Queue("A", "q"), Queue("B", "q")], ["t", "t"], ["q", "q-poison", "other"]);
        Assert.Equal(["q", "q-poison", "other"], catalog.Queues);
        Assert.Equal(["t"], catalog.Tables);
    }

    [Fact]
    public void NoQueueFunctionsMeansOnlyExtraQueues()
    {
        var catalog = new FunctionCatalog([new TimerFunction("Tick", "0 * * * * *", typeof(IHandler))], [], ["x"]);
        Assert.Equal(["x"], catalog.Queues);
    }

    [Fact]
    public void DuplicateNamesThrowCaseInsensitively()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(
            [Queue("EngineEvents", "a"), new TimerFunction("engineevents", "0 * * * * *", typeof(IHandler))], [], []));
        Assert.Contains("EngineEvents", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RegistryBuildsAValidCatalog()
    {
        var catalog = new FunctionCatalog(FunctionRegistry.All, FunctionRegistry.Tables, FunctionRegistry.SentQueues);
        Assert.Contains(FunctionRegistry.EngineCommandsQueue, catalog.Queues);
    }
}
