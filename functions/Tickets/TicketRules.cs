using WaFunctions.Errors;

namespace WaFunctions.Tickets;

internal sealed record CreateTicketRequest(string? Subject, string? CustomerName, string? CustomerPhone, string? Status,
    string? Priority, string? Assignee, string? Tag);

/// <summary>
/// A partial update: an absent (or null) field is left as it is; an empty string clears
/// customerName, customerPhone or assignee. Subject, status, priority and tag cannot be cleared.
/// </summary>
internal sealed record UpdateTicketRequest(string? Subject, string? CustomerName, string? CustomerPhone, string? Status,
    string? Priority, string? Assignee, string? Tag);

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
        Subject = body.Subject is null ? t.Subject : Fields.Text(body.Subject, "subject", MaxSubject, required: true)!,
        CustomerName = body.CustomerName is null ? t.CustomerName : Fields.Text(body.CustomerName, "customerName", MaxCustomerName),
        CustomerPhone = body.CustomerPhone is null ? t.CustomerPhone : Fields.Phone(body.CustomerPhone, "customerPhone"),
        Status = Fields.OneOf(body.Status, "status", Ticket.Statuses) ?? t.Status,
        Priority = Fields.OneOf(body.Priority, "priority", Ticket.Priorities) ?? t.Priority,
        Assignee = body.Assignee is null ? t.Assignee : Fields.Text(body.Assignee, "assignee", MaxAssignee),
        Tag = body.Tag is null ? t.Tag : Fields.Text(body.Tag, "tag", MaxTag, required: true)!,
        UpdatedAt = now,
        Version = t.Version + 1,
    };
}
