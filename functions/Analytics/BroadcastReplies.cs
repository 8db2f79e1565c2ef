using System.Globalization;

namespace WaFunctions.Analytics;

/// <summary>
/// Answers to broadcasts: per broadcast and chat shard a row <c>b_&lt;broadcast id&gt;_&lt;shard&gt;</c> (<c>Replied</c>) in
/// the number's partition of the <c>chats</c> table, counted in the same transaction that marks the chat's newest
/// broadcast as answered, so a chat counts once per broadcast. Reading a broadcast's replies is one range scan of at most
/// <see cref="Chats.ChatCounts.Shards"/> rows.
/// </summary>
public static class BroadcastReplies
{
    public const string Prefix = "b_";

    public static string RowKey(string broadcastId, int shard) => $"{Prefix}{broadcastId}_{shard.ToString(CultureInfo.InvariantCulture)}";
}
