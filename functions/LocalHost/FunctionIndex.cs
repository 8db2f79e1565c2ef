using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace WaFunctions.LocalHost;

/// <summary>A queue-triggered function: <see cref="Method"/> runs for each message of <see cref="QueueName"/>.</summary>
public sealed record QueueFunction(string Name, string QueueName, MethodInfo Method);

/// <summary>A timer-triggered function on an NCRONTAB schedule (six fields, seconds first).</summary>
public sealed record TimerFunction(string Name, string Schedule, MethodInfo Method);

/// <summary>An orchestrator: its <c>[Function]</c> wrapper sits on a class that implements <see cref="ITaskOrchestrator"/>.</summary>
public sealed record OrchestratorFunction(string Name, Type OrchestratorType);

/// <summary>An activity: <see cref="Method"/> takes its input through its <c>[ActivityTrigger]</c> parameter.</summary>
public sealed record ActivityFunction(string Name, MethodInfo Method);

/// <summary>
/// Every <c>[Function]</c> of the given assemblies by trigger, found by their attributes: the one list of functions, the
/// same the Functions host reads (through the generated <c>functions.metadata</c>). HTTP functions are listed by name
/// only: locally the endpoints are served by Kestrel directly. A function whose parameters the local host cannot bind
/// (e.g. <c>FunctionContext</c>) stops start-up with a message naming it, so both hosts can run every function.
/// </summary>
public sealed record FunctionIndex(IReadOnlyList<QueueFunction> Queues, IReadOnlyList<TimerFunction> Timers,
    IReadOnlyList<OrchestratorFunction> Orchestrators, IReadOnlyList<ActivityFunction> Activities, IReadOnlyList<string> Http)
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public IEnumerable<string> AllNames =>
        Queues.Select(q => q.Name).Concat(Timers.Select(t => t.Name)).Concat(Orchestrators.Select(o => o.Name))
            .Concat(Activities.Select(a => a.Name)).Concat(Http);

    public static FunctionIndex Scan(IEnumerable<Assembly> assemblies)
    {
        List<QueueFunction> queues = [];
        List<TimerFunction> timers = [];
        List<OrchestratorFunction> orchestrators = [];
        List<ActivityFunction> activities = [];
        List<string> http = [];
        foreach (var method in assemblies.Distinct().SelectMany(a => a.GetTypes()).SelectMany(t => t.GetMethods(Members)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
            var name = function.Name;
            foreach (var p in method.GetParameters())
            {
                switch (p.GetCustomAttributes().FirstOrDefault(a => a is QueueTriggerAttribute or TimerTriggerAttribute
                    or OrchestrationTriggerAttribute or ActivityTriggerAttribute or HttpTriggerAttribute))
                {
                    case QueueTriggerAttribute q: queues.Add(new QueueFunction(name, q.QueueName, method)); break;
                    case TimerTriggerAttribute t: timers.Add(new TimerFunction(name, t.Schedule, method)); break;
                    case ActivityTriggerAttribute: activities.Add(new ActivityFunction(name, method)); break;
                    case HttpTriggerAttribute: http.Add(name); break;
                    case OrchestrationTriggerAttribute when typeof(ITaskOrchestrator).IsAssignableFrom(method.DeclaringType):
                        orchestrators.Add(new OrchestratorFunction(name, method.DeclaringType!)); break;
                    case OrchestrationTriggerAttribute:
                        throw new InvalidOperationException($"Orchestrator function {name} must be declared on its TaskOrchestrator<,> class, which the local host runs.");
                    default: continue;
                }
            }
            if (!http.Contains(name)) CheckBindable(name, method);
        }
        var index = new FunctionIndex(queues, timers, orchestrators, activities, http);
        if (index.AllNames.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"Two functions are named '{twice.Key}'.");
        return index;
    }

    /// <summary>The parameters <see cref="FunctionInvoker"/> can supply: the trigger's value, a cancellation token, a Durable client.</summary>
    private static void CheckBindable(string name, MethodInfo method)
    {
        foreach (var p in method.GetParameters())
        {
            var trigger = p.GetCustomAttributes().Any(a => a is QueueTriggerAttribute or TimerTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute);
            var ok = trigger
                ? !(p.GetCustomAttribute<QueueTriggerAttribute>() is not null && p.ParameterType != typeof(QueueMessage) && p.ParameterType != typeof(string))
                : p.ParameterType == typeof(CancellationToken) || (p.ParameterType == typeof(DurableTaskClient) && p.GetCustomAttribute<DurableClientAttribute>() is not null);
            if (!ok)
                throw new InvalidOperationException(
                    $"Function {name}: parameter '{p.Name}' ({p.ParameterType.Name}) cannot be bound by the local host; take the trigger value, a CancellationToken or a [DurableClient] DurableTaskClient.");
        }
    }
}
