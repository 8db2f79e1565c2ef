using System.Globalization;
using Azure.Data.Tables;

namespace WaFunctions.Broadcasts;

public static class RecipientStatus
{
    public const string Pending = "pending", Queued = "queued", Sent = "sent", Delivered = "delivered",
        Read = "read", Played = "played", Failed = "failed", Skipped = "skipped";

    public static readonly IReadOnlyList<string> Filterable = [Pending, Queued, Sent, Delivered, Read, Failed, Skipped];
}

/// <summary>
/// One recipient: row <c>(broadcast id, "r" + index)</c>. After the send its status mirrors the message's delivery
/// status (queued → sent → delivered → read, or failed), moved forward only, by the engine's reports.
/// </summary>
public sealed record BroadcastRecipient(string BroadcastId, int Index, string ChatId, string? Name, string Status, long StatusSeq,
    string? Reason, string? MessageId, DateTimeOffset? UpdatedAt)
{
    /// <summary>Retryable engine failures so far; after <see cref="MaxRetries"/> the recipient counts as failed.</summary>
    public int Retries { get; init; }

    public const int MaxRetries = 3;

    public static string RowKey(int index) => "r" + index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The deterministic clientMessageId of recipient <paramref name="index"/>: the engine dedups on it.</summary>
    public static string ClientMessageId(string broadcastId, int index) => "bc_" + broadcastId + "_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The broadcast and recipient of a clientMessageId made by <see cref="ClientMessageId"/>, else null.</summary>
    public static (string BroadcastId, int Index)? Parse(string? clientMessageId)
    {
        if (clientMessageId is null || !clientMessageId.StartsWith("bc_b_", StringComparison.Ordinal)) return null;
        var last = clientMessageId.LastIndexOf('_');
        return last > 3 && int.TryParse(clientMessageId.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (clientMessageId[3..last], i) : null;
    }

    internal TableEntity ToEntity() => new(BroadcastId, RowKey(Index))
    {
        ["ChatId"] = ChatId, ["Name"] = Name, ["Status"] = Status, ["StatusSeq"] = StatusSeq, ["Reason"] = Reason,
        ["MessageId"] = MessageId, ["UpdatedAt"] = UpdatedAt, ["Retries"] = Retries,
    };

    internal static BroadcastRecipient FromEntity(TableEntity e) => new(e.PartitionKey, int.Parse(e.RowKey[1..], CultureInfo.InvariantCulture),
        e.GetString("ChatId") ?? "", e.GetString("Name"), e.GetString("Status") ?? RecipientStatus.Pending, e.GetInt64("StatusSeq") ?? 0,
        e.GetString("Reason"), e.GetString("MessageId"), e.GetDateTimeOffset("UpdatedAt")) { Retries = e.GetInt32("Retries") ?? 0 };

    /// <summary>A played voice note counts as read: recipients show the contract's statuses only.</summary>
    internal RecipientView View() => new(Index, ChatId, Name, Status == RecipientStatus.Played ? RecipientStatus.Read : Status, Reason, MessageId, UpdatedAt);
}

/// <summary>One recipient of a broadcast: its place in the list, its status and, once sent, the message id.</summary>
internal sealed record RecipientView(int Index, string ChatId, string? Name,
    [property: OpenApi.Choices(typeof(RecipientStatus), nameof(RecipientStatus.Filterable))] string Status, string? Reason, string? MessageId,
    DateTimeOffset? UpdatedAt);
