namespace WaFunctions.Hosting;

/// <summary>
/// The functions this process runs and the storage they need. Built from the registry (plus any
/// functions a test host adds), so pollers, start-up and packaging all read one list.
/// </summary>
public sealed class FunctionCatalog
{
    public IReadOnlyList<FunctionDefinition> Functions { get; }
    public IReadOnlyList<string> Tables { get; }
    public IReadOnlyList<string> Queues { get; }

    public FunctionCatalog(IEnumerable<FunctionDefinition> functions, IEnumerable<string> tables, IEnumerable<string> extraQueues)
    {
        Functions = functions.ToList();
        var duplicate = Functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
        Tables = tables.Distinct(StringComparer.Ordinal).ToList();
        Queues = Functions.OfType<QueueFunction>().SelectMany(q => new[] { q.QueueName, PoisonQueueName(q.QueueName) })
            .Concat(extraQueues).Distinct(StringComparer.Ordinal).ToList();
    }

    public static string PoisonQueueName(string queueName) => queueName + "-poison";
}
