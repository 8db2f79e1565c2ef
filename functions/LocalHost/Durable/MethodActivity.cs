using System.Reflection;
using Microsoft.DurableTask;

namespace WaFunctions.LocalHost.Durable;

/// <summary>
/// An <c>[ActivityTrigger]</c> function as the Durable worker's <see cref="ITaskActivity"/>: the shim deserializes the
/// input into the trigger parameter's type, and the method runs through <see cref="FunctionInvoker"/> (own DI scope).
/// </summary>
internal sealed class MethodActivity(MethodInfo method, FunctionInvoker invoker) : ITaskActivity
{
    public Type InputType { get; } = method.GetParameters().First(p => p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.ActivityTriggerAttribute>() is not null).ParameterType;

    public Type OutputType { get; } = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : typeof(object);

    public Task<object?> RunAsync(TaskActivityContext context, object? input) => invoker.InvokeAsync(method, input, CancellationToken.None);
}
