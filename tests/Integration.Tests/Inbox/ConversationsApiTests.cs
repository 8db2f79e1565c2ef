using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>Conversations through the API and the engine bus: lifecycle, events, assignment, tags, notes, tickets, follow-ups.</summary>
[Collection(InboxCollection.Name)]
public sealed class ConversationsApiTests(InboxFixture inbox)
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Inbound_opens_resolve_and_inbound_reopen_each_with_one_event_whatever_is_redelivered()
    {
        var session = await inbox.ReadySessionAsync();
        var hook = await inbox.WebhookAsync(session);
        var chat = InboxFixture.ChatOf(InboxFixture.Phone());

        var openedAt = Now - 100;
        var first = await inbox.InboundAsync(session, chat, "M1" + session, openedAt);
        var opened = await inbox.UntilChatAsync(session, chat, c => c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "the conversation to open");
        Assert.Equal("open", opened.GetProperty("status").GetString());
        Assert.Equal(openedAt, opened.GetProperty("openedAt").GetDateTimeOffset().ToUnixTimeSeconds());

        var resolved = await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}");
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, resolved.GetProperty("resolvedAt").ValueKind);
        Assert.Equal("resolved", (await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}")).GetProperty("status").GetString());

        var second = await inbox.InboundAsync(session, chat, "M2" + session, Now - 10, seq: 11);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("status").GetString() == "open", "the inbound message to reopen it");
        await inbox.Bus.RedeliverAsync(first);
        await inbox.Bus.RedeliverAsync(second);
        await inbox.Bus.DrainedAsync();

        // One event each, whatever was redelivered. Webhooks are not delivered in order (EVENTS.md), so they are found by type.
        var types = await EventTypesAsync(hook, chat, 3);
        var byType = types.ToDictionary(e => e.Type);
        Assert.Equal(["conversation.created", "conversation.reopened", "conversation.resolved"], byType.Keys.Order());
        Assert.Equal("inbound", byType["conversation.reopened"].Data.GetProperty("reason").GetString());
        Assert.Equal("open", byType["conversation.reopened"].Data.GetProperty("status").GetString());
        Assert.Equal(session, byType["conversation.created"].Data.GetProperty("sessionId").GetString());

        // Closed: it cannot be resolved, and the next inbound message starts a new conversation.
        Assert.Equal("closed", (await inbox.Data(HttpMethod.Patch, $"api/v1/chats/{chat}?sessionId={session}", new { status = "closed" })).GetProperty("status").GetString());
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}"), 409, "conversation_closed");
        await inbox.InboundAsync(session, chat, "M3" + session, Now, seq: 12);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("status").GetString() == "open", "a new conversation");
        var all = await EventTypesAsync(hook, chat, 5);
        var later = all.ExceptBy(types.Select(e => e.Id), e => e.Id).ToDictionary(e => e.Type);
        Assert.Equal(["conversation.closed", "conversation.created"], later.Keys.Order());
        Assert.Equal(1, byType["conversation.created"].Data.GetProperty("episode").GetInt32());
        Assert.Equal(2, later["conversation.created"].Data.GetProperty("episode").GetInt32());
    }

    [Fact]
    public async Task A_chat_stored_before_the_inbox_joins_the_indexes_and_counts_on_its_next_message()
    {
        var session = await inbox.ReadySessionAsync();
        var chat = InboxFixture.ChatOf(InboxFixture.Phone());
        // As the previous version stored it: the chat row and its activity row, nothing else.
        var table = inbox.Azurite.Storage.Table("chats");
        var activity = WaFunctions.Chats.Chat.ActivityRowKey(Now - 500, chat);
        foreach (var key in new[] { WaFunctions.Chats.Chat.ChatRowKey(chat), activity })
            await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(session, key)
            {
                ["ChatId"] = chat, ["Name"] = "Old", ["IsGroup"] = false, ["Status"] = "open", ["UnreadCount"] = 1, ["LastMessage"] = "old",
                ["LastTimestamp"] = Now - 500, ["RecentIds"] = "OLD1",
            });
        Assert.Contains(chat, await inbox.ChatIdsAsync(session));
        Assert.DoesNotContain(chat, await inbox.ChatIdsAsync(session, "&status=open"));

        await inbox.InboundAsync(session, chat, "L1" + session, Now);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("unreadCount").GetInt32() == 2 && c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "the next message");
        Assert.Equal([chat], await inbox.ChatIdsAsync(session, "&status=open"));
        Assert.Equal([chat], await inbox.ChatIdsAsync(session, "&unread=true"));
        Assert.Equal([chat], await inbox.ChatIdsAsync(session));
        var counts = await inbox.Get($"api/v1/chats/counts?sessionId={session}");
        Assert.Equal((1, 1, 1), (counts.GetProperty("byStatus").GetProperty("open").GetInt32(), counts.GetProperty("byStatus").GetProperty("total").GetInt32(),
            counts.GetProperty("unread").GetInt32()));
    }

    [Fact]
    public async Task Reading_a_chat_clears_it_from_the_unread_filter_and_count()
    {
        var session = await inbox.ReadySessionAsync();
        var chat = InboxFixture.ChatOf(InboxFixture.Phone());
        await inbox.InboundAsync(session, chat, "R1" + session, Now - 5);
        await inbox.InboundAsync(session, chat, "R2" + session, Now, seq: 11);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("unreadCount").GetInt32() == 2, "two unread messages");
        Assert.Equal([chat], await inbox.ChatIdsAsync(session, "&unread=true"));

        var read = await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/read?sessionId={session}");
        Assert.Equal(0, read.GetProperty("unreadCount").GetInt32());
        // The list, its unread filter and the counts read the chat's index rows and count shard: they move with the read.
        Assert.Empty(await inbox.ChatIdsAsync(session, "&unread=true"));
        Assert.Equal(0, (await inbox.Get($"api/v1/chats/counts?sessionId={session}")).GetProperty("unread").GetInt32());
        var listed = (await inbox.Get($"api/v1/chats?sessionId={session}")).EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chat);
        Assert.Equal(0, listed.GetProperty("unreadCount").GetInt32());
    }

    private async Task<IReadOnlyList<(string Id, string Type, JsonElement Data)>> EventTypesAsync(string hook, string chat, int count)
    {
        await Wait.UntilAsync(() => Task.FromResult(inbox.Events(hook, chat).Count >= count), TimeSpan.FromSeconds(30), $"{count} conversation events");
        await inbox.Bus.DrainedAsync();
        return inbox.Events(hook, chat);
    }

    [Fact]
    public async Task Assign_to_me_filters_by_assignee_and_unassign()
    {
        var session = await inbox.ReadySessionAsync();
        var chat = InboxFixture.ChatOf(InboxFixture.Phone());
        await inbox.InboundAsync(session, chat, "A1" + session, Now);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "the conversation");

        var agent = await inbox.AgentAsync("Asha");
        var key = (await inbox.Data(HttpMethod.Post, "api/v1/api-keys", new { name = "asha", scopes = new[] { "chats:read", "chats:write" }, agentId = agent },
            HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var me = await inbox.Data(HttpMethod.Get, "api/v1/me", key: key);
        Assert.Equal(agent, me.GetProperty("agentId").GetString());
        Assert.Equal("Asha", me.GetProperty("agent").GetProperty("name").GetString());

        var assigned = await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/assign?sessionId={session}", new { agentId = "me" }, key: key);
        Assert.Equal(agent, assigned.GetProperty("assignee").GetString());
        Assert.Equal("Asha", assigned.GetProperty("assigneeName").GetString());
        Assert.Contains(chat, await ChatIdsAsync(session, "&assignee=me", key));
        Assert.Contains(chat, await inbox.ChatIdsAsync(session, $"&assignee={agent}&status=open"));
        Assert.DoesNotContain(chat, await inbox.ChatIdsAsync(session, "&assignee=none"));
        var counts = await inbox.Get($"api/v1/chats/counts?sessionId={session}");
        Assert.Equal(1, counts.GetProperty("byStatus").GetProperty("open").GetInt32());
        Assert.Contains(counts.GetProperty("byAgent").EnumerateArray(), a => a.GetProperty("agentId").GetString() == agent
            && a.GetProperty("chats").GetProperty("open").GetInt32() == 1);

        Assert.Equal(JsonValueKind.Null, (await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/unassign?sessionId={session}")).GetProperty("assignee").ValueKind);
        Assert.Contains(chat, await inbox.ChatIdsAsync(session, "&assignee=none"));
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, $"api/v1/chats/{chat}/assign?sessionId={session}", new { agentId = "ag_nobody00000" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, $"api/v1/chats/{chat}/assign?sessionId={session}", new { agentId = "me" }), 400, "invalid_input");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, $"api/v1/chats/{InboxFixture.ChatOf(InboxFixture.Phone())}/resolve?sessionId={session}"), 404, "not_found");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Get, $"api/v1/chats?sessionId={session}&status=snoozed"), 400, "invalid_input");
        var readOnly = (await inbox.Data(HttpMethod.Post, "api/v1/api-keys", new { name = "reader", scopes = new[] { "chats:read" } }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}", key: readOnly), 403, "insufficient_scope");
    }

    private async Task<string[]> ChatIdsAsync(string session, string query, string key) =>
        [.. (await inbox.Data(HttpMethod.Get, $"api/v1/chats?sessionId={session}{query}", key: key)).EnumerateArray().Select(c => c.GetProperty("chatId").GetString()!)];

    [Fact]
    public async Task Tags_notes_and_tickets_belong_to_the_conversation()
    {
        var session = await inbox.ReadySessionAsync();
        var phone = InboxFixture.Phone();
        var chat = InboxFixture.ChatOf(phone);
        await inbox.InboundAsync(session, chat, "T1" + session, Now);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "the conversation");

        var name = "vip-" + session;
        var tag = (await inbox.Data(HttpMethod.Post, "api/v1/tags", new { name, color = "#E53935" }, HttpStatusCode.Created));
        Assert.Equal("#e53935", tag.GetProperty("color").GetString());
        var tagId = tag.GetProperty("id").GetString()!;
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/tags", new { name = name.ToUpperInvariant() }), 409, "duplicate_tag");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/tags", new { name = "x" + session, color = "red" }), 400, "invalid_input");
        Assert.Equal([tagId], (await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/tags/{tagId}?sessionId={session}")).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([chat], await inbox.ChatIdsAsync(session, $"&tag={tagId}"));
        Assert.Equal([chat], await inbox.ChatIdsAsync(session, $"&tag={tagId}&status=open&unread=true"));
        Assert.Empty(await inbox.ChatIdsAsync(session, $"&tag={tagId}&status=pending"));
        // Every list row shows the chat's tags, whichever index it was read from.
        foreach (var query in new[] { "", "&status=open", $"&tag={tagId}" })
        {
            var row = (await inbox.Get($"api/v1/chats?sessionId={session}{query}")).EnumerateArray().Single(c => c.GetProperty("chatId").GetString() == chat);
            Assert.Equal([tagId], row.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }
        Assert.Equal("#00ff00", (await inbox.Data(HttpMethod.Patch, $"api/v1/tags/{tagId}", new { color = "#00ff00" })).GetProperty("color").GetString());

        // Notes stay in the team: newest first, naming the key's agent.
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/notes?sessionId={session}", new { text = "Called them back.\nNo answer." }, HttpStatusCode.Created);
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/notes?sessionId={session}", new { text = "Refund approved" }, HttpStatusCode.Created);
        var notes = await inbox.Get($"api/v1/chats/{chat}/notes?sessionId={session}");
        Assert.Equal(["Refund approved", "Called them back.\nNo answer."], notes.EnumerateArray().Select(n => n.GetProperty("text").GetString()));
        Assert.DoesNotContain(inbox.Engine.Sends(session), c => c.Text?.Contains("Refund approved") == true);

        // A ticket opened from the conversation takes its phone and is listed on it.
        var ticket = await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/tickets?sessionId={session}", new { subject = "Refund" }, HttpStatusCode.Created);
        Assert.Equal(phone, ticket.GetProperty("customerPhone").GetString());
        Assert.Equal(chat, ticket.GetProperty("chatId").GetString());
        var other = await inbox.Data(HttpMethod.Post, "api/v1/tickets", new { subject = "Second", chatId = chat, sessionId = session }, HttpStatusCode.Created);
        Assert.Equal([other.GetProperty("id").GetString(), ticket.GetProperty("id").GetString()],
            (await inbox.Get($"api/v1/chats/{chat}/tickets?sessionId={session}")).EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(2, (await inbox.Get($"api/v1/tickets?chatId={chat}&sessionId={session}&status=open")).GetArrayLength());
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/tickets", new { subject = "x", chatId = InboxFixture.ChatOf(InboxFixture.Phone()), sessionId = session }), 400, "invalid_input");

        // A deleted tag leaves its conversations in the background.
        Assert.Equal(HttpStatusCode.NoContent, (await inbox.Send(HttpMethod.Delete, $"api/v1/tags/{tagId}")).StatusCode);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("tags").GetArrayLength() == 0, "the deleted tag to leave the chat");
        Assert.Empty(await inbox.ChatIdsAsync(session, $"&tag={tagId}"));
    }

    [Fact]
    public async Task Quick_replies_have_unique_shortcuts_and_list_by_prefix()
    {
        var stem = "/t" + Guid.NewGuid().ToString("N")[..8];
        var thanks = await inbox.Data(HttpMethod.Post, "api/v1/quick-replies", new { shortcut = stem + "-thanks", text = "Thank you!" }, HttpStatusCode.Created);
        await inbox.Data(HttpMethod.Post, "api/v1/quick-replies", new { shortcut = stem + "-hours", text = "We are open 9–6." }, HttpStatusCode.Created);
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/quick-replies", new { shortcut = stem.ToUpperInvariant() + "-THANKS", text = "again" }), 409, "duplicate_shortcut");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, "api/v1/quick-replies", new { shortcut = "thanks", text = "no slash" }), 400, "invalid_input");
        Assert.Equal([stem + "-hours", stem + "-thanks"], (await inbox.Get($"api/v1/quick-replies?prefix={stem}")).EnumerateArray().Select(q => q.GetProperty("shortcut").GetString()));
        var id = thanks.GetProperty("id").GetString()!;
        Assert.Equal(stem + "-ty", (await inbox.Data(HttpMethod.Patch, $"api/v1/quick-replies/{id}", new { shortcut = stem + "-ty" })).GetProperty("shortcut").GetString());
        Assert.Equal([stem + "-hours", stem + "-ty"], (await inbox.Get($"api/v1/quick-replies?prefix={stem}")).EnumerateArray().Select(q => q.GetProperty("shortcut").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await inbox.Send(HttpMethod.Delete, $"api/v1/quick-replies/{id}")).StatusCode);
        Assert.Single((await inbox.Get($"api/v1/quick-replies?prefix={stem}")).EnumerateArray());
    }

    [Fact]
    public async Task A_follow_up_reopens_the_conversation_and_notifies_when_due()
    {
        var session = await inbox.ReadySessionAsync();
        var hook = await inbox.WebhookAsync(session);
        var chat = InboxFixture.ChatOf(InboxFixture.Phone());
        await inbox.InboundAsync(session, chat, "F1" + session, Now);
        await inbox.UntilChatAsync(session, chat, c => c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "the conversation");
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}");
        await ApiFixture.AssertErrorAsync(await inbox.Send(HttpMethod.Post, $"api/v1/chats/{chat}/follow-up?sessionId={session}", new { at = DateTimeOffset.UtcNow.AddMinutes(-1) }), 400, "invalid_input");
        var set = await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/follow-up?sessionId={session}", new { at = DateTimeOffset.UtcNow.AddSeconds(2), note = "Call back about the refund" });
        Assert.Equal("Call back about the refund", set.GetProperty("followUp").GetProperty("note").GetString());

        var due = await inbox.UntilChatAsync(session, chat, c => c.GetProperty("followUp").ValueKind == JsonValueKind.Null, "the follow-up to fall due");
        Assert.Equal("open", due.GetProperty("status").GetString());
        // Webhooks are not delivered in order (EVENTS.md): the two events of the follow-up may arrive either way round.
        var events = (await EventTypesAsync(hook, chat, 4)).ToDictionary(e => e.Type);
        Assert.Equal(["conversation.created", "conversation.follow_up_due", "conversation.reopened", "conversation.resolved"], events.Keys.Order());
        Assert.Equal("follow_up", events["conversation.reopened"].Data.GetProperty("reason").GetString());
        Assert.Equal("Call back about the refund", events["conversation.follow_up_due"].Data.GetProperty("note").GetString());

        // A cancelled follow-up never fires: by the time one due a second after it on another chat has fired, it would
        // have. It is cancelled right after it is set, with 10 s to spare, so a busy machine cannot let it fall due first.
        var control = InboxFixture.ChatOf(InboxFixture.Phone());
        await inbox.InboundAsync(session, control, "F2" + session, Now, seq: 11);
        await inbox.UntilChatAsync(session, control, c => c.GetProperty("openedAt").ValueKind != JsonValueKind.Null, "the control conversation");
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/resolve?sessionId={session}");
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{control}/resolve?sessionId={session}");
        var cancelledDue = DateTimeOffset.UtcNow.AddSeconds(10);
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{chat}/follow-up?sessionId={session}", new { at = cancelledDue });
        Assert.Equal(JsonValueKind.Null, (await inbox.Data(HttpMethod.Delete, $"api/v1/chats/{chat}/follow-up?sessionId={session}")).GetProperty("followUp").ValueKind);
        await inbox.Data(HttpMethod.Post, $"api/v1/chats/{control}/follow-up?sessionId={session}", new { at = cancelledDue.AddSeconds(1) });
        await inbox.UntilChatAsync(session, control, c => c.GetProperty("status").GetString() == "open", "the control follow-up");
        Assert.Equal("resolved", (await inbox.ChatAsync(session, chat)).GetProperty("status").GetString());
    }
}
