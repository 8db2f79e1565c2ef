using Azure.Data.Tables;
using WaFunctions.Analytics;
using WaFunctions.Chats;

namespace WaFunctions.Tests.Inbox;

public sealed class ChatIndexTests
{
    private static Chat Chat(string status = "open", string? assignee = null, int unread = 0, params string[] tags) =>
        WaFunctions.Chats.Chat.New("n1", "1555@s.whatsapp.net", false, status) with { Assignee = assignee, UnreadCount = unread, LastTimestamp = 1_751_193_300, Tags = tags };

    [Fact]
    public void A_chat_has_a_row_in_each_index_it_belongs_to()
    {
        var order = ChatIndex.Order(1_751_193_300, "1555@s.whatsapp.net");
        Assert.Equal(["a_" + order, "s_open_" + order, "x_-_" + order, "sx_open_-_" + order],
            ChatIndex.Keys(Chat()));
        Assert.Equal(["a_" + order, "s_pending_" + order, "x_ag_1_" + order, "sx_pending_ag_1_" + order, "t_tg_1_" + order, "t_tg_2_" + order, "u_" + order],
            ChatIndex.Keys(Chat("pending", "ag_1", 2, "tg_1", "tg_2")));
        Assert.Equal(WaFunctions.Chats.Chat.ActivityRowKey(1_751_193_300, "1555@s.whatsapp.net"), ChatIndex.Keys(Chat())[0]);
        Assert.True(5 + 2 * (5 + WaFunctions.Chats.Chat.MaxTags) <= 100, "a change must fit one transaction");
    }

    [Theory]
    [InlineData(null, null, null, false, "a_", false)]
    [InlineData("open", null, null, false, "s_open_", false)]
    [InlineData(null, "-", null, false, "x_-_", false)]
    [InlineData("open", "ag_1", null, false, "sx_open_ag_1_", false)]
    [InlineData(null, null, "tg_1", false, "t_tg_1_", false)]
    [InlineData("open", null, "tg_1", false, "t_tg_1_", true)]
    [InlineData(null, null, null, true, "u_", false)]
    [InlineData(null, "ag_1", null, true, "u_", true)]
    public void Each_filter_reads_one_index_and_checks_only_what_it_cannot_key(string? status, string? assignee, string? tag, bool unread, string prefix, bool predicate)
    {
        var (from, to, match) = ChatIndex.Range(new ChatFilter(status, assignee, tag, unread));
        Assert.Equal(prefix, from);
        Assert.Equal(prefix[..^1] + "`", to);
        Assert.Equal(predicate, match is not null);
        // Keys of the index lie in its range, and no other index's do.
        var row = Chat("open", "ag_1", 1, "tg_1");
        foreach (var key in ChatIndex.Keys(row))
            Assert.Equal(key.StartsWith(prefix, StringComparison.Ordinal), string.CompareOrdinal(key, from) >= 0 && string.CompareOrdinal(key, to) < 0);
    }

    [Fact]
    public void Counts_move_with_status_assignee_and_unread()
    {
        var before = Chat();
        var after = Chat("resolved", "ag_1", 1);
        Assert.True(ChatCounts.Differ(null, before));
        Assert.False(ChatCounts.Differ(before, before with { LastMessage = "x", UnreadCount = 0 }));
        Assert.True(ChatCounts.Differ(before, before with { UnreadCount = 1 }));
        var counts = new ChatCounts().Add(before, 1).Add(before, -1).Add(after, 1);
        Assert.Equal(1, counts.Status["resolved"]);
        Assert.Equal(0, counts.Status["open"]);
        Assert.Equal(1, counts.Agents["ag_1"]["resolved"]);
        Assert.Equal(1, counts.Unread);
        var entity = counts.ToEntity("n1", 2);
        Assert.Equal("k_2", entity.RowKey);
        var back = ChatCounts.FromEntity(entity);
        Assert.False(back.Status.ContainsKey("open")); // zeros are dropped
        Assert.False(back.Agents.ContainsKey("-"));
        Assert.Equal(1, back.Plus(counts).Status["resolved"] - 1);
    }

    [Fact]
    public void Analytics_rows_are_per_hour_and_shard_with_quarter_hours_inside()
    {
        var at = new DateTimeOffset(2026, 3, 14, 18, 35, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal("m_2026031418_3", AnalyticsRow.RowKey(at, 3));
        var row = AnalyticsRow.Add(null, "n1", 3, at, "ag_1", new Tally { Out = 1 });
        row = AnalyticsRow.Add(row, "n1", 3, at + 60, "ag_1", new Tally { Out = 1 });
        row = AnalyticsRow.Add(row, "n1", 3, at - 10 * 60, "-", new Tally { In = 1 });
        var quarters = AnalyticsRow.Read(row);
        Assert.Equal(2, quarters[2]["ag_1"].Out);
        Assert.Equal(1, quarters[1]["-"].In);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 18, 0, 0, TimeSpan.Zero), AnalyticsRow.HourOfKey(row.RowKey));
    }

    [Fact]
    public void A_report_cuts_days_at_the_zones_midnight_to_the_quarter_hour()
    {
        // Nepal is +05:45: 18:15 UTC is local midnight.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu");
        var from = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.FromHours(5.75));
        var report = new OverviewReport(from, from.AddDays(2), zone);
        var before = new DateTimeOffset(2026, 3, 14, 18, 10, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var after = new DateTimeOffset(2026, 3, 14, 18, 20, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var row = AnalyticsRow.Add(null, "n1", 0, before, "-", new Tally { In = 1 });
        row = AnalyticsRow.Add(row, "n1", 0, after, "ag_1", new Tally { In = 2 });
        report.Add(row);
        report.Add(AnalyticsRow.Add(null, "n1", 0, from.AddDays(3).ToUnixTimeSeconds(), "-", new Tally { In = 100 })); // outside
        var overview = report.Build("Asia/Kathmandu", "n1", new Dictionary<string, string> { ["ag_1"] = "Asha" });
        Assert.Equal([("2026-03-14", 1), ("2026-03-15", 2)], overview.Days.Select(d => (d.Date, d.Figures.MessagesIn)));
        Assert.Equal(3, overview.Totals.MessagesIn);
        Assert.Equal([(null, null, 1), ("ag_1", "Asha", 2)], overview.Agents.Select(a => (a.AgentId, a.Name, a.Figures.MessagesIn)));
    }
}
