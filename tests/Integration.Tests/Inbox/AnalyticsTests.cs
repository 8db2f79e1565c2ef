using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>Analytics from the counters, against figures worked out by hand.</summary>
[Collection(InboxCollection.Name)]
public sealed class AnalyticsTests(InboxFixture inbox)
{
    private static long T(string utc) => DateTimeOffset.Parse(utc).ToUnixTimeSeconds();

    private async Task<string> AssignedAsync(string session, string chat, string id, string utc, string agent)
    {
        await inbox.InboundAsync(session, chat, id + session, T(utc));
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("assignee").GetString() == agent, $"{id} assigned");
        return chat;
    }

    /// <summary>
    /// India (+05:30); 14 March 2026 ends at 18:30 UTC. P and Q take turns (round robin).
    /// c1: in 10:00 (P), our answer 10:00:45 (first response 45 s), in 10:05 — all on the 14th.
    /// c2: in 18:20 on the 14th (Q), answer 18:35 = 00:05 on the 15th (first response 900 s, counted on the 15th).
    /// c3: in 19:00 = 00:30 on the 15th (P), answers 19:02 (120 s) and 19:03.
    /// c4: in 05:00 on the 15th (Q), unanswered.
    /// Totals: opened 4, in 5, out 4, first responses {45, 120, 900}: p50 = 2nd = 120, p90 = 3rd = 900.
    /// 14th: opened 2, in 3, out 1, {45}. 15th: opened 2, in 2, out 3, {900, 120}: p50 120, p90 900.
    /// P: opened 2, in 3, out 3, {45, 120}: p50 45, p90 120. Q: opened 2, in 2, out 1, {900}.
    /// </summary>
    [Fact]
    public async Task The_overview_matches_a_hand_computed_fixture_per_day_in_the_zone_and_per_agent()
    {
        var session = await inbox.ReadySessionAsync();
        var a = await inbox.AgentAsync("Pat");
        var b = await inbox.AgentAsync("Quinn");
        var (p, q) = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        await inbox.Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing", new { autoAssign = new { agentIds = new[] { a, b } } });
        var c = Enumerable.Range(0, 4).Select(_ => InboxFixture.ChatOf(InboxFixture.Phone())).ToArray();

        await AssignedAsync(session, c[0], "c1a", "2026-03-14T10:00:00Z", p);
        await inbox.SentAsync(session, c[0], "c1-answer" + session, T("2026-03-14T10:00:45Z"));
        await inbox.InboundAsync(session, c[0], "c1b" + session, T("2026-03-14T10:05:00Z"), seq: 11);
        await AssignedAsync(session, c[1], "c2a", "2026-03-14T18:20:00Z", q);
        await AssignedAsync(session, c[2], "c3a", "2026-03-14T19:00:00Z", p);
        await inbox.SentAsync(session, c[1], "c2-answer" + session, T("2026-03-14T18:35:00Z"));
        await inbox.SentAsync(session, c[2], "c3-answer" + session, T("2026-03-14T19:02:00Z"));
        await inbox.SentAsync(session, c[2], "c3-more" + session, T("2026-03-14T19:03:00Z"));
        await AssignedAsync(session, c[3], "c4a", "2026-03-15T05:00:00Z", q);
        await inbox.Bus.DrainedAsync();

        var o = await inbox.Get($"api/v1/analytics/overview?from=2026-03-14&to=2026-03-16&timezone=Asia/Kolkata&sessionId={session}");
        Assert.Equal("2026-03-13T18:30:00+00:00", o.GetProperty("from").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:sszzz"));
        AssertFigures(o.GetProperty("totals"), opened: 4, resolved: 0, messagesIn: 5, messagesOut: 4, frt: (3, 120, 900));
        var days = o.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(["2026-03-14", "2026-03-15"], days.Select(d => d.GetProperty("date").GetString()));
        AssertFigures(days[0].GetProperty("figures"), 2, 0, 3, 1, (1, 45, 45));
        AssertFigures(days[1].GetProperty("figures"), 2, 0, 2, 3, (2, 120, 900));
        var agents = o.GetProperty("agents").EnumerateArray().ToDictionary(x => x.GetProperty("agentId").GetString() ?? "-");
        Assert.Equal([p, q], agents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Pat", agents[a].GetProperty("name").GetString());
        AssertFigures(agents[p].GetProperty("figures"), 2, 0, 3, 3, (2, 45, 120));
        AssertFigures(agents[q].GetProperty("figures"), 2, 0, 2, 1, (1, 900, 900));

        // Redelivered events count nothing again.
        await inbox.SentAsync(session, c[2], "c3-answer" + session, T("2026-03-14T19:02:00Z"));
        await inbox.InboundAsync(session, c[0], "c1b" + session, T("2026-03-14T10:05:00Z"), seq: 11);
        await inbox.Bus.DrainedAsync();
        var again = await inbox.Get($"api/v1/analytics/overview?from=2026-03-14&to=2026-03-16&timezone=Asia/Kolkata&sessionId={session}");
        AssertFigures(again.GetProperty("totals"), 4, 0, 5, 4, (3, 120, 900));

        // In UTC the same messages fall on other days: all but c4's on the 14th.
        var utc = (await inbox.Get($"api/v1/analytics/overview?from=2026-03-14&to=2026-03-16&sessionId={session}")).GetProperty("days").EnumerateArray()
            .Select(d => (d.GetProperty("figures").GetProperty("messagesIn").GetInt32(), d.GetProperty("figures").GetProperty("messagesOut").GetInt32())).ToList();
        Assert.Equal([(4, 4), (1, 0)], utc);
    }

    private static void AssertFigures(JsonElement f, int opened, int resolved, int messagesIn, int messagesOut, (int Count, long? P50, long? P90) frt)
    {
        Assert.Equal(opened, f.GetProperty("conversationsOpened").GetInt32());
        Assert.Equal(resolved, f.GetProperty("conversationsResolved").GetInt32());
        Assert.Equal(messagesIn, f.GetProperty("messagesIn").GetInt32());
        Assert.Equal(messagesOut, f.GetProperty("messagesOut").GetInt32());
        var d = f.GetProperty("firstResponse");
        Assert.Equal(frt.Count, d.GetProperty("count").GetInt32());
        Assert.Equal(frt.P50, d.GetProperty("p50Seconds").ValueKind == JsonValueKind.Null ? null : d.GetProperty("p50Seconds").GetInt64());
        Assert.Equal(frt.P90, d.GetProperty("p90Seconds").ValueKind == JsonValueKind.Null ? null : d.GetProperty("p90Seconds").GetInt64());
    }

    /// <summary>
    /// Opened 3630 s, 3630 s and 7230 s ago, resolved now (within 30 s): resolution times fall in the minute buckets 3600,
    /// 3600 and 7200 (a minute's resolution above an hour), so p50 = 3600 and p90 = 7200.
    /// </summary>
    [Fact]
    public async Task Resolution_times_and_counts_come_from_the_resolves()
    {
        var session = await inbox.ReadySessionAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var chats = new[] { (InboxFixture.ChatOf(InboxFixture.Phone()), 3630), (InboxFixture.ChatOf(InboxFixture.Phone()), 3630), (InboxFixture.ChatOf(InboxFixture.Phone()), 7230) };
        foreach (var (chat, ago) in chats)
        {
            await inbox.InboundAsync(session, chat, "r" + ago + chat, now - ago);
            await inbox.UntilChatAsync(session, chat, x => x.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "open");
        }
        foreach (var (chat, _) in chats) await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}");
        var from = Uri.EscapeDataString(DateTimeOffset.FromUnixTimeSeconds(now - 3 * 3600).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.FromUnixTimeSeconds(now + 600).ToString("O"));
        var o = await inbox.Get($"api/v1/analytics/overview?from={from}&to={to}&sessionId={session}");
        var totals = o.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("conversationsOpened").GetInt32());
        Assert.Equal(3, totals.GetProperty("conversationsResolved").GetInt32());
        var r = totals.GetProperty("resolution");
        Assert.Equal((3, 3600L, 7200L), (r.GetProperty("count").GetInt32(), r.GetProperty("p50Seconds").GetInt64(), r.GetProperty("p90Seconds").GetInt64()));
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("firstResponse").GetProperty("p50Seconds").ValueKind);
        var unassigned = o.GetProperty("agents").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, unassigned.GetProperty("agentId").ValueKind);

        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Get, "api/v1/analytics/overview?timezone=Moon/Base"), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Get, "api/v1/analytics/overview?from=2026-01-01&to=2026-12-01"), 400, "invalid_input");
        var reader = (await inbox.Data(HttpMethod.Post, "api/v1/api-keys", new { name = "r", scopes = new[] { "chats:read" } }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Get, "api/v1/analytics/overview", key: reader), 403, "insufficient_scope");
    }

    [Fact]
    public async Task A_broadcast_counts_each_chat_that_answers_within_24_hours_once()
    {
        var session = await inbox.ReadySessionAsync();
        await inbox.Data(HttpMethod.Patch, $"api/v1/sessions/{session}/pacing", new { minDelaySeconds = 3, maxDelaySeconds = 3, quietHours = new { enabled = false } });
        var chats = new[] { InboxFixture.ChatOf(InboxFixture.Phone()), InboxFixture.ChatOf(InboxFixture.Phone()) };
        var broadcast = await inbox.Data(HttpMethod.Post, "api/v1/broadcasts", new
        {
            name = "offer", sessionId = session, message = "Hi {{name}}", recipients = chats.Select(c => new { chatId = c, name = "x" }),
        }, HttpStatusCode.Created);
        var id = broadcast.GetProperty("id").GetString()!;
        await Wait.UntilAsync(async () => (await inbox.Get($"api/v1/broadcasts/{id}")).GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(60), "the broadcast to complete");
        foreach (var chat in chats)
            await inbox.UntilChatAsync(session, chat, x => x.GetProperty("lastMessage").GetString() == "Hi x", "the broadcast message in the chat");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await inbox.InboundAsync(session, chats[0], "b1" + session, now);
        await inbox.InboundAsync(session, chats[0], "b2" + session, now + 1, seq: 11);
        await inbox.Bus.DrainedAsync();

        var figures = await Wait.UntilAsync(async () =>
            (await inbox.Get("api/v1/analytics/broadcasts?limit=100")).EnumerateArray().FirstOrDefault(x => x.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } f
                && f.GetProperty("repliedWithin24h").GetInt32() > 0 ? f.GetRawText() : null, TimeSpan.FromSeconds(20), "the reply to count");
        var stats = JsonDocument.Parse(figures).RootElement;
        Assert.Equal((2, 2, 0, 1), (stats.GetProperty("total").GetInt32(), stats.GetProperty("sent").GetInt32(), stats.GetProperty("failed").GetInt32(),
            stats.GetProperty("repliedWithin24h").GetInt32()));
        // The first conversation of a chat a broadcast reached is created by the answer; our broadcast was not its first response.
        Assert.Equal(JsonValueKind.Null, (await inbox.ChatAsync(session, chats[0])).GetProperty("firstResponseAt").ValueKind);
    }
}
