namespace WaFunctions.Events;

/// <summary>
/// Something that happened which customers may subscribe to by webhook: <c>message.received</c>,
/// <c>contact.created</c>, <c>broadcast.completed</c>, … <paramref name="Id"/> is stable for the
/// occurrence (derive it from the source, e.g. the engine event id, so a handler that runs twice
/// records the same event twice, which subscribers then see under one id).
/// </summary>
public sealed record DomainEvent(string Id, string Type, string? SessionId, DateTimeOffset Timestamp, object Data);

/// <summary>
/// Records domain events for delivery. Call it in the handler that records the change, after the
/// change is stored: once this returns, delivery to every matching subscriber will be attempted.
/// </summary>
public interface IEventOutbox
{
    Task RecordAsync(DomainEvent domainEvent, CancellationToken cancellationToken);
}
