using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>Per-number routing: round robin among online agents (per tag), idle re-assignment, a deleted agent's hand-over.</summary>
[Collection(InboxCollection.Name)]
public sealed class RoutingTests(InboxFixture inbox)
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private readonly List<string> _raw = [];

    private async Task<string> OpenAsync(string session, string id, string? chat = null)
    {
        chat ??= InboxFixture.ChatOf(InboxFixture.Phone());
        _raw.Add(await inbox.InboundAsync(session, chat, id + session, Now));
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "conversation " + id);
        return chat;
    }

    [Fact]
    public async Task New_conversations_go_round_robin_to_online_agents_and_an_idle_agents_move_on()
    {
        var session = await inbox.ReadySessionAsync();
        var hook = await inbox.WebhookAsync(session);
        var a = await inbox.AgentAsync("Asha");
        var b = await inbox.AgentAsync("Ravi");
        var away = await inbox.AgentAsync("Away", "away");
        var routing = await inbox.Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing",
            new { autoAssign = new { agentIds = new[] { a, b, away } }, idleReassign = new { afterSeconds = 1 } });
        Assert.Equal(1, routing.GetProperty("idleReassign").GetProperty("afterSeconds").GetInt32());

        var chats = new List<string>();
        for (var i = 0; i < 4; i++) chats.Add(await OpenAsync(session, "R" + i));
        // Delivered again, the events assign nothing more: the round robin's next turn is unchanged.
        foreach (var raw in _raw) await inbox.Bus.RedeliverAsync(raw);
        await inbox.Bus.DrainedAsync();
        chats.Add(await OpenAsync(session, "R4"));
        var assignees = new List<string>();
        foreach (var chat in chats)
            assignees.Add((await inbox.UntilChatAsync(session, chat, c => c.GetProperty("assignee").ValueKind == JsonValueKind.String, "an assignee"))
                .GetProperty("assignee").GetString()!);
        var first = string.CompareOrdinal(a, b) < 0 ? a : b;
        var second = first == a ? b : a;
        Assert.Equal([first, second, first, second, first], assignees);
        await Wait.UntilAsync(() => Task.FromResult(inbox.Events(hook, chats[0]).Any(e => e.Type == "conversation.assigned")), TimeSpan.FromSeconds(30), "the assigned event");
        var assigned = inbox.Events(hook, chats[0]).Where(e => e.Type == "conversation.assigned").ToList();
        Assert.Equal("auto", assigned.Single().Data.GetProperty("reason").GetString());

        // The first agent goes offline: after the idle time their open conversations go to the other one.
        await inbox.Data(HttpMethod.Patch, $"api/v1/agents/{first}", new { status = "offline" });
        foreach (var chat in chats)
            await inbox.UntilChatAsync(session, chat, c => c.GetProperty("assignee").GetString() == second, "re-assignment to the online agent");
        await Wait.UntilAsync(() => Task.FromResult(inbox.Events(hook, chats[0]).Any(e => e.Type == "conversation.assigned" && e.Data.GetProperty("reason").GetString() == "idle")),
            TimeSpan.FromSeconds(30), "the idle re-assignment's event");
        Assert.Equal(5, (await inbox.Get($"api/v1/chats/counts?sessionId={session}")).GetProperty("byAgent").EnumerateArray()
            .Single(x => x.GetProperty("agentId").GetString() == second).GetProperty("chats").GetProperty("open").GetInt32());

        // The other agent is deleted while nobody else of the pool is online: the conversations are unassigned.
        Assert.Equal(HttpStatusCode.NoContent, (await inbox.Send(HttpMethod.Delete, $"api/v1/agents/{second}")).StatusCode);
        foreach (var chat in chats)
            await inbox.UntilChatAsync(session, chat, c => c.GetProperty("assignee").ValueKind == JsonValueKind.Null, "unassignment");
        Assert.Equal(5, (await inbox.Get($"api/v1/chats/counts?sessionId={session}")).GetProperty("unassigned").GetProperty("open").GetInt32());
    }

    [Fact]
    public async Task A_tag_pool_takes_the_conversations_of_its_tag()
    {
        var session = await inbox.ReadySessionAsync();
        var general = await inbox.AgentAsync("General");
        var billing = await inbox.AgentAsync("Billing");
        var tag = (await inbox.Data(HttpMethod.Post, "api/v1/tags", new { name = "billing-" + session }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await inbox.Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing",
            new { autoAssign = new { agentIds = new[] { general }, byTag = new[] { new { tagId = tag, agentIds = new[] { billing } } } } });

        // A chat tagged before it writes again: its next conversation goes to the tag's pool.
        var chat = await OpenAsync(session, "P1");
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("assignee").GetString() == general, "the default pool");
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/tags/{tag}?sessionId={session}");
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/unassign?sessionId={session}");
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}");
        await inbox.InboundAsync(session, chat, "P2" + session, Now, seq: 11);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("assignee").GetString() == billing, "the tag's pool");

        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Patch, $"api/v1/sessions/{session}/routing",
            new { autoAssign = new { agentIds = new[] { "ag_nobody00000" } } }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Patch, $"api/v1/sessions/{session}/routing",
            new { businessHours = new { timeZone = "Mars/Olympus", days = new { } } }), 400, "invalid_input");
        var cleared = await inbox.Data(HttpMethod.Patch, $"api/v1/sessions/{session}/routing", new { autoAssign = (object?)null });
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("autoAssign").ValueKind);
    }
}
