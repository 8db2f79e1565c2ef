using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace WaFunctions.LocalHost;

/// <summary>
/// Runs one <c>[Function]</c> method as the Functions host would: in a DI scope of its own, its class created with
/// constructor injection, its parameters bound (the trigger's value, the cancellation token, the Durable client), its
/// exceptions surfaced unwrapped.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    public async Task<object?> InvokeAsync(MethodInfo method, object? trigger, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var target = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(services, method.DeclaringType!);
        var args = method.GetParameters().Select(p => Bind(p, trigger, services, cancellationToken)).ToArray();
        var result = method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, args, null);
        switch (result)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return result;
        }
    }

    private static object? Bind(ParameterInfo p, object? trigger, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (p.ParameterType == typeof(CancellationToken)) return cancellationToken;
        if (p.ParameterType == typeof(DurableTaskClient)) return services.GetRequiredService<DurableTaskClient>();
        return trigger switch
        {
            QueueMessage message when p.ParameterType == typeof(string) => message.MessageText,
            _ => trigger,
        };
    }
}
