using Azure.Data.Tables;

namespace WaFunctions.Webhooks;

/// <summary>
/// A subscriber: one row of the <c>webhooks</c> table (PartitionKey <c>wh</c>, RowKey = id).
/// <see cref="PreviousSecret"/> keeps signing until <see cref="PreviousSecretExpiresAt"/> after a rotation.
/// </summary>
public sealed record Webhook(string Id, string Url, IReadOnlyList<string> Events, string? SessionId, string? Description,
    bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt, string Secret, string? PreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt, int ConsecutiveDeadDeliveries, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public IEnumerable<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];

    public static bool IsWellFormedId(string id) =>
        id.Length == 23 && id.StartsWith("wh_", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept("0123456789abcdef");

    public static string NewId() => "wh_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    public TableEntity ToEntity() => new(WebhookSubscriptions.Partition, Id)
    {
        ["Url"] = Url,
        ["Events"] = string.Join(' ', Events),
        ["SessionId"] = SessionId,
        ["Description"] = Description,
        ["Enabled"] = Enabled,
        ["DisabledReason"] = DisabledReason,
        ["DisabledAt"] = DisabledAt,
        ["Secret"] = Secret,
        ["PreviousSecret"] = PreviousSecret,
        ["PreviousSecretExpiresAt"] = PreviousSecretExpiresAt,
        ["ConsecutiveDead"] = ConsecutiveDeadDeliveries,
        ["CreatedAt"] = CreatedAt,
        ["UpdatedAt"] = UpdatedAt,
    };

    public static Webhook FromEntity(TableEntity e) => new(e.RowKey, e.GetString("Url") ?? "",
        (e.GetString("Events") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries), e.GetString("SessionId"), e.GetString("Description"),
        e.GetBoolean("Enabled") ?? true, e.GetString("DisabledReason"), e.GetDateTimeOffset("DisabledAt"), e.GetString("Secret") ?? "",
        e.GetString("PreviousSecret"), e.GetDateTimeOffset("PreviousSecretExpiresAt"), e.GetInt32("ConsecutiveDead") ?? 0,
        e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("UpdatedAt") ?? default);
}

/// <summary>What the API shows of a webhook. The secret only in the answers to creation and rotation.</summary>
internal sealed record WebhookView(string Id, string Url, [property: OpenApi.Choices(typeof(WebhookEventTypes), nameof(WebhookEventTypes.Choices))] IReadOnlyList<string> Events,
    string? SessionId, string? Description, bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt, int ConsecutiveDeadDeliveries,
    string? Secret, DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : OpenApi.IHasExample
{
    /// <summary><paramref name="secret"/> only on creation and rotation (with when the previous one stops signing).</summary>
    public static WebhookView Of(Webhook w, string? secret = null, DateTimeOffset? previousSecretExpiresAt = null) => new(w.Id, w.Url, w.Events,
        w.SessionId, w.Description, w.Enabled, w.DisabledReason, w.DisabledAt, w.ConsecutiveDeadDeliveries, secret, previousSecretExpiresAt,
        w.CreatedAt, w.UpdatedAt);

    public static object Example => new WebhookView("wh_4c2d9e", "https://crm.example.com/hooks/whatsapp", ["message.received", "message.failed"],
        null, "CRM inbox", true, null, null, 0, null, null,
        new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero));
}
