using Xunit.Abstractions;
using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>
/// 500 random operations — inbound messages (some delivered twice), assignments, status changes, tags — from four
/// concurrent workers on one number; then every filter and every count must agree with the conversations themselves.
/// </summary>
[Collection(InboxCollection.Name)]
public sealed class InboxConsistencyTests(InboxFixture inbox, ITestOutputHelper output)
{
    private const int Chats = 24, Operations = 500, Workers = 4;

    [Fact]
    public async Task Filters_and_counts_agree_with_the_data_after_500_random_operations()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var session = await inbox.ReadySessionAsync();
        var agents = new[] { await inbox.AgentAsync("C1"), await inbox.AgentAsync("C2"), await inbox.AgentAsync("C3", "offline") };
        var tags = new List<string>();
        for (var i = 0; i < 3; i++)
            tags.Add((await inbox.Data(HttpMethod.Post, "api/v1/tags", new { name = $"c{i}-{session}" }, HttpStatusCode.Created)).GetProperty("id").GetString()!);
        // Half the new conversations are assigned as they open (the round robin's pointer is contended too).
        await inbox.Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing", new { autoAssign = new { agentIds = agents[..2] } });
        var chats = Enumerable.Range(0, Chats).Select(_ => InboxFixture.ChatOf(InboxFixture.Phone())).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long sequence = 0;
        foreach (var chat in chats.Take(Chats / 2)) await inbox.InboundAsync(session, chat, $"I{Interlocked.Increment(ref sequence)}{session}", now - 1000);
        await Task.WhenAll(chats.Take(Chats / 2).Select(c => inbox.UntilChatAsync(session, c, x => x.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "a conversation")));

        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed + w);
            while (Interlocked.Increment(ref next) <= Operations)
            {
                var chat = chats[random.Next(Chats / 2 + (random.Next(2) == 0 ? Chats / 2 : 0))];
                var path = $"api/v1/chats/{chat}";
                var q = $"?sessionId={session}";
                HttpResponseMessage response;
                switch (random.Next(9))
                {
                    case 0 or 1:
                        var raw = await inbox.InboundAsync(session, chat, $"I{Interlocked.Increment(ref sequence)}{session}", now - 900 + random.Next(800));
                        if (random.Next(4) == 0) await inbox.Bus.RedeliverAsync(raw);
                        continue;
                    case 2: response = await inbox.Send(HttpMethod.Post, $"{path}/assign{q}", new { agentId = agents[random.Next(3)] }); break;
                    case 3: response = await inbox.Send(HttpMethod.Post, $"{path}/unassign{q}"); break;
                    case 4: response = await inbox.Send(HttpMethod.Post, $"{path}/resolve{q}"); break;
                    case 5: response = await inbox.Send(HttpMethod.Post, $"{path}/reopen{q}"); break;
                    case 6: response = await inbox.Send(HttpMethod.Patch, $"{path}{q}", new { status = new[] { "open", "pending", "resolved", "closed" }[random.Next(4)] }); break;
                    case 7: response = await inbox.Send(HttpMethod.Post, $"{path}/tags/{tags[random.Next(3)]}{q}"); break;
                    default: response = await inbox.Send(HttpMethod.Delete, $"{path}/tags/{tags[random.Next(3)]}{q}"); break;
                }
                // A chat not seen yet is 404; resolving a closed one is 409: both leave the data as it was.
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Conflict,
                    $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })));
        await inbox.Bus.DrainedAsync();

        // The data: every conversation as read one by one.
        var data = new List<JsonElement>();
        foreach (var chat in chats)
            if (await inbox.Send(HttpMethod.Get, $"api/v1/chats/{chat}?sessionId={session}") is { IsSuccessStatusCode: true } r)
                data.Add((await ApiFixture.JsonAsync(r)).GetProperty("data"));
        string Status(JsonElement c) => c.GetProperty("status").GetString()!;
        string? Assignee(JsonElement c) => c.GetProperty("assignee").GetString();
        // The operations left a varied inbox behind (else the comparisons below would prove little).
        Assert.True(data.Select(Status).Distinct().Count() >= 3, "too few statuses");
        Assert.True(data.Select(Assignee).Distinct().Count() >= 3, "too few assignees");
        Assert.Contains(data, c => c.GetProperty("tags").GetArrayLength() > 0);
        IEnumerable<string> Ids(IEnumerable<JsonElement> cs) => cs.Select(c => c.GetProperty("chatId").GetString()!).Order();

        async Task Agree(string query, Func<JsonElement, bool> match)
        {
            var listed = await inbox.ChatIdsAsync(session, query);
            Assert.True(listed.Length == listed.Distinct().Count(), $"{query}: a chat listed twice");
            Assert.Equal(Ids(data.Where(match)), listed.Order());
        }
        await Agree("", _ => true);
        await Agree("&unread=true", c => c.GetProperty("unreadCount").GetInt32() > 0);
        foreach (var status in new[] { "open", "pending", "resolved", "closed" })
        {
            await Agree($"&status={status}", c => Status(c) == status);
            await Agree($"&status={status}&assignee=none", c => Status(c) == status && Assignee(c) is null);
            foreach (var tag in tags) await Agree($"&tag={tag}&status={status}", c => Status(c) == status && c.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag));
        }
        foreach (var agent in agents)
        {
            await Agree($"&assignee={agent}", c => Assignee(c) == agent);
            await Agree($"&assignee={agent}&status=open", c => Assignee(c) == agent && Status(c) == "open");
            await Agree($"&assignee={agent}&unread=true", c => Assignee(c) == agent && c.GetProperty("unreadCount").GetInt32() > 0);
        }
        await Agree("&assignee=none", c => Assignee(c) is null);
        foreach (var tag in tags) await Agree($"&tag={tag}", c => c.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag));

        // Newest activity first.
        var list = (await inbox.Get($"api/v1/chats?sessionId={session}&limit=1000")).EnumerateArray().Select(c => c.GetProperty("lastTimestamp").GetInt64()).ToList();
        Assert.Equal(list.OrderDescending(), list);

        var counts = await inbox.Get($"api/v1/chats/counts?sessionId={session}");
        foreach (var status in new[] { "open", "pending", "resolved", "closed" })
        {
            Assert.Equal(data.Count(c => Status(c) == status), counts.GetProperty("byStatus").GetProperty(status).GetInt32());
            Assert.Equal(data.Count(c => Status(c) == status && Assignee(c) is null), counts.GetProperty("unassigned").GetProperty(status).GetInt32());
            foreach (var agent in agents)
                Assert.Equal(data.Count(c => Status(c) == status && Assignee(c) == agent), counts.GetProperty("byAgent").EnumerateArray()
                    .Single(a => a.GetProperty("agentId").GetString() == agent).GetProperty("chats").GetProperty(status).GetInt32());
        }
        Assert.Equal(data.Count, counts.GetProperty("byStatus").GetProperty("total").GetInt32());
        Assert.Equal(data.Count(c => c.GetProperty("unreadCount").GetInt32() > 0), counts.GetProperty("unread").GetInt32());
        output.WriteLine(counts.GetRawText());
    }
}
