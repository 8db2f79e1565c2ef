namespace WaFunctions.Hosting;

/// <summary>
/// Runs one queue function's handler for one message, in its own DI scope. The local poller and
/// the Functions host's invocation endpoint both come through here, so a handler behaves the
/// same in both.
/// </summary>
internal sealed class QueueFunctionRunner(IServiceScopeFactory scopes)
{
    public async Task RunAsync(QueueFunction function, QueueInvocation message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = (IQueueHandler)scope.ServiceProvider.GetRequiredService(function.HandlerType);
        await handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(TimerFunction function, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = (ITimerHandler)scope.ServiceProvider.GetRequiredService(function.HandlerType);
        await handler.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
