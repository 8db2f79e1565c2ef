namespace WaFunctions.Hosting;

/// <summary>
/// One function with exactly one trigger. The registry lists them all; the local host runs them
/// and the packaging step generates one <c>function.json</c> per definition from the same list.
/// </summary>
public abstract record FunctionDefinition(string Name);

/// <summary>
/// An HTTP endpoint under <c>/api</c>. <paramref name="Scope"/> is what the caller's key must grant
/// (null: no key needed; empty: any valid key). <paramref name="Handler"/> is a minimal-API delegate.
/// </summary>
public sealed record HttpFunction(string Name, string Route, string Method, string? Scope, Delegate Handler) : FunctionDefinition(Name)
{
    /// <summary>The endpoint metadata <see cref="Auth.ApiGate"/> enforces.</summary>
    public object Access => Scope is null ? new Auth.PublicByDesign($"{Name} is documented as needing no key") : new Auth.RequiredScope(Scope);
}

/// <summary>Handles each message of <paramref name="QueueName"/> with a <typeparamref name="THandler"/>-style class.</summary>
public sealed record QueueFunction(string Name, string QueueName, Type HandlerType) : FunctionDefinition(Name);

/// <summary>Runs on an NCRONTAB schedule (six fields, seconds first), like a Functions timer trigger.</summary>
public sealed record TimerFunction(string Name, string Schedule, Type HandlerType) : FunctionDefinition(Name);

/// <summary>
/// A queue message handler. Delivery is at least once: a message whose handler did not finish
/// (crash, shutdown, timeout) is delivered again, so every handler must be idempotent.
/// Throwing fails this attempt; the fifth failed attempt moves the message to the poison queue.
/// </summary>
public interface IQueueHandler
{
    Task HandleAsync(QueueInvocation message, CancellationToken cancellationToken);
}

public interface ITimerHandler
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>What a queue handler is given, the same locally and under the Functions host.</summary>
public sealed record QueueInvocation(string MessageText, string MessageId, long DequeueCount, DateTimeOffset? InsertedOn);
