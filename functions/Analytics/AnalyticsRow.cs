using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace WaFunctions.Analytics;

/// <summary>
/// The analytics counters: one row per session, UTC hour and chat shard (<c>m_yyyyMMddHH_&lt;shard&gt;</c>) in the
/// session's partition of the <c>chats</c> table, holding a <see cref="Tally"/> per quarter-hour and assignee (<c>-</c>:
/// unassigned). The inbox adds to the row in the same transaction as the chat change it counts, so a redelivered event
/// never counts twice and the figures agree with the conversations. Quarter-hours let any time zone's days (India's
/// +05:30, Nepal's +05:45) be cut exactly; hours keep a range read to at most 24 × shards rows a day.
/// </summary>
public static class AnalyticsRow
{
    public const string Prefix = "m_";

    public static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, at.UtcDateTime.Day, at.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    public static string HourKey(DateTimeOffset hour) => Prefix + hour.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public static string RowKey(long unixSeconds, int shard) =>
        HourKey(HourOf(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))) + "_" + shard.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset HourOfKey(string rowKey) =>
        DateTimeOffset.ParseExact(rowKey.Substring(Prefix.Length, 10), "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Quarter-hour (0–3) → assignee key → tally.</summary>
    public static Dictionary<int, Dictionary<string, Tally>> Read(TableEntity? row) =>
        row?.GetString("Q") is { } json ? JsonSerializer.Deserialize<Dictionary<int, Dictionary<string, Tally>>>(json) ?? [] : [];

    /// <summary>The row with <paramref name="delta"/> added at <paramref name="unixSeconds"/> for <paramref name="agentKey"/>.</summary>
    public static TableEntity Add(TableEntity? row, string sessionId, int shard, long unixSeconds, string agentKey, Tally delta)
    {
        var quarters = Read(row);
        var quarter = DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.Minute / 15;
        if (!quarters.TryGetValue(quarter, out var byAgent)) quarters[quarter] = byAgent = new(StringComparer.Ordinal);
        if (!byAgent.TryGetValue(agentKey, out var tally)) byAgent[agentKey] = tally = new Tally();
        tally.Plus(delta);
        return new TableEntity(sessionId, RowKey(unixSeconds, shard)) { ["Q"] = JsonSerializer.Serialize(quarters) };
    }
}
