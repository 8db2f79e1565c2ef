using WaFunctions.Errors;

namespace WaFunctions.Tickets;

/// <summary>
/// Only the subject is required; status defaults to open, priority to med, tag to api. <see cref="ChatId"/> (with
/// <see cref="SessionId"/>, default: the default number) opens the ticket from that conversation.
/// </summary>
internal sealed record CreateTicketRequest(string? Subject, string? CustomerName = null, string? CustomerPhone = null,
    [property: OpenApi.Choices(typeof(Ticket), nameof(Ticket.Statuses))] string? Status = null,
    [property: OpenApi.Choices(typeof(Ticket), nameof(Ticket.Priorities))] string? Priority = null, string? Assignee = null, string? Tag = null,
    string? ChatId = null, string? SessionId = null);

/// <summary>
/// A partial update: a field left out keeps its value; <c>null</c> (or an empty string) clears customerName,
/// customerPhone or assignee. Subject, status, priority and tag cannot be cleared (400).
/// </summary>
internal sealed record UpdateTicketRequest
{
    public Optional<string> Subject { get; init; }
    public Optional<string> CustomerName { get; init; }
    public Optional<string> CustomerPhone { get; init; }
    [OpenApi.Choices(typeof(Ticket), nameof(Ticket.Statuses))]
    public Optional<string> Status { get; init; }
    [OpenApi.Choices(typeof(Ticket), nameof(Ticket.Priorities))]
    public Optional<string> Priority { get; init; }
    public Optional<string> Assignee { get; init; }
    public Optional<string> Tag { get; init; }
}

/// <summary>Validation and defaults of ticket fields, shared by create and update. Pure.</summary>
internal static class TicketRules
{
    public const int MaxSubject = 200, MaxCustomerName = 200, MaxAssignee = 100, MaxTag = 50;

    /// <summary>A new ticket (its number is allocated when it is stored).</summary>
    public static Ticket New(CreateTicketRequest body, string id, DateTimeOffset now) => new(
        id, 0,
        Fields.Text(body.Subject, "subject", MaxSubject, required: true)!,
        Fields.Text(body.CustomerName, "customerName", MaxCustomerName),
        Fields.Phone(body.CustomerPhone, "customerPhone"),
        Fields.OneOf(body.Status, "status", Ticket.Statuses) ?? Ticket.DefaultStatus,
        Fields.OneOf(body.Priority, "priority", Ticket.Priorities) ?? Ticket.DefaultPriority,
        Fields.Text(body.Assignee, "assignee", MaxAssignee),
        Fields.Text(body.Tag, "tag", MaxTag) ?? Ticket.DefaultTag,
        now, now, Version: 1);

    public static Ticket Apply(Ticket t, UpdateTicketRequest body, DateTimeOffset now) => t with
    {
        Subject = body.Subject.OrKeep(t.Subject, "subject", v => Fields.Text(v, "subject", MaxSubject, required: true)!),
        CustomerName = body.CustomerName.Or(t.CustomerName, v => Fields.Text(v, "customerName", MaxCustomerName)),
        CustomerPhone = body.CustomerPhone.Or(t.CustomerPhone, v => Fields.Phone(v, "customerPhone")),
        Status = body.Status.OrKeep(t.Status, "status", v => Fields.OneOf(v, "status", Ticket.Statuses)!),
        Priority = body.Priority.OrKeep(t.Priority, "priority", v => Fields.OneOf(v, "priority", Ticket.Priorities)!),
        Assignee = body.Assignee.Or(t.Assignee, v => Fields.Text(v, "assignee", MaxAssignee)),
        Tag = body.Tag.OrKeep(t.Tag, "tag", v => Fields.Text(v, "tag", MaxTag, required: true)!),
        UpdatedAt = now,
        Version = t.Version + 1,
    };
}
