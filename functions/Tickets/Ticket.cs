using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace WaFunctions.Tickets;

/// <summary>A support ticket. <see cref="Number"/> is its sequence number (<c>TKT-&lt;Number&gt;</c>); <see cref="Version"/> counts stored changes.</summary>
internal sealed record Ticket(string Id, long Number, string Subject, string? CustomerName, string? CustomerPhone,
    string Status, string Priority, string? Assignee, string Tag, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static readonly IReadOnlyList<string> Statuses = ["open", "in_progress", "waiting", "resolved", "closed"];
    public static readonly IReadOnlyList<string> Priorities = ["urgent", "high", "med", "low"];
    public const string DefaultStatus = "open", DefaultPriority = "med", DefaultTag = "api";

    public string Ref => "TKT-" + Number;

    /// <summary>The conversation the ticket was opened from (its number and chat id), if any; fixed at creation.</summary>
    public string? SessionId { get; init; }

    public string? ChatId { get; init; }

    public TableEntity ToEntity(string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Id"] = Id,
        ["Number"] = Number,
        ["Subject"] = Subject,
        ["CustomerName"] = CustomerName,
        ["CustomerPhone"] = CustomerPhone,
        ["Status"] = Status,
        ["Priority"] = Priority,
        ["Assignee"] = Assignee,
        ["Tag"] = Tag,
        ["CreatedAt"] = CreatedAt,
        ["UpdatedAt"] = UpdatedAt,
        ["Version"] = Version,
        ["SessionId"] = SessionId,
        ["ChatId"] = ChatId,
    };

    public static Ticket FromEntity(TableEntity e) => new(
        e.GetString("Id") ?? e.RowKey, e.GetInt64("Number") ?? 0, e.GetString("Subject") ?? "", e.GetString("CustomerName"),
        e.GetString("CustomerPhone"), e.GetString("Status") ?? DefaultStatus, e.GetString("Priority") ?? DefaultPriority,
        e.GetString("Assignee"), e.GetString("Tag") ?? DefaultTag,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        e.GetInt32("Version") ?? 1)
    {
        SessionId = e.GetString("SessionId"),
        ChatId = e.GetString("ChatId"),
    };
}

/// <summary>What the API shows: the seed's shape; absent optional fields are left out.</summary>
internal sealed record TicketView(string Id, string Ref, string Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerPhone,
    [property: OpenApi.Choices(typeof(Ticket), nameof(Ticket.Statuses))] string Status,
    [property: OpenApi.Choices(typeof(Ticket), nameof(Ticket.Priorities))] string Priority,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Assignee,
    string Tag, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChatId) : OpenApi.IHasExample
{
    public static TicketView Of(Ticket t) => new(t.Id, t.Ref, t.Subject, t.CustomerName, t.CustomerPhone, t.Status, t.Priority,
        t.Assignee, t.Tag, t.CreatedAt, t.UpdatedAt, t.SessionId, t.ChatId);

    /// <summary>The contract's example ticket (opened from a conversation).</summary>
    public static object Example => new TicketView("t_9f8e7d", "TKT-2041", "Refund not received", "Asha Rao", "919812345678", "open", "high",
        "agent-7", "chat", new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero),
        "n1a2b3c", "919812345678@s.whatsapp.net");
}
