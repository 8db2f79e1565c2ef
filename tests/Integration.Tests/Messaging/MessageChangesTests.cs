using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Messaging;

/// <summary>Reactions, edits, deletions for everyone and poll votes attach to their message; none is a line of the chat.</summary>
[Collection(MessagingCollection.Name)]
public sealed class MessageChangesTests(MessagingFixture fx)
{
    private async Task Dev(string session, string what, object body) => await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/{what}", body), HttpStatusCode.Accepted);

    /// <summary>The message's item on the chat's newest history page, once it satisfies <paramref name="condition"/>.</summary>
    private async Task<JsonElement> HistoryItemWhenAsync(string session, string chat, string id, Func<JsonElement, bool> condition, string what)
    {
        JsonElement item = default;
        await fx.Until(async () => (await fx.Data($"api/v1/chats/{chat}/messages?sessionId={session}")).EnumerateArray()
            .FirstOrDefault(h => h.GetProperty("messageId").GetString() == id) is { ValueKind: JsonValueKind.Object } found && condition(item = found), what);
        return item;
    }

    [Fact]
    public async Task Reactions_attach_to_their_message_and_ours_go_out_too()
    {
        var (session, phone) = await fx.LinkedNumberAsync();
        var peer = MessagingFixture.Phone();
        var chat = peer + "@s.whatsapp.net";
        var ours = await fx.SendMessageAsync(new { to = peer, text = "Order #12 shipped", from = session });
        await fx.MessageWhenAsync(ours, m => m.GetProperty("status").GetString() != "queued", "sent");
        await Dev(session, "reaction", new { from = peer, messageId = ours, emoji = "🎉" });
        var reacted = await fx.MessageWhenAsync(ours, m => m.GetProperty("reactions").GetArrayLength() == 1, "the reaction on our message");
        Assert.Equal((chat, "🎉", false), (MessagingFixture.Str(reacted.GetProperty("reactions")[0], "from"), MessagingFixture.Str(reacted.GetProperty("reactions")[0], "emoji"),
            reacted.GetProperty("reactions")[0].GetProperty("fromMe").GetBoolean()));
        var e = (await fx.EventsAsync("message.reaction", d => d.GetProperty("messageId").GetString() == ours, "message.reaction"))[0].GetProperty("data");
        Assert.Equal(("🎉", true, false), (e.GetProperty("emoji").GetString(), e.GetProperty("targetFromMe").GetBoolean(), e.GetProperty("removed").GetBoolean()));
        Assert.Equal(1, e.GetProperty("message").GetProperty("reactions").GetArrayLength());
        // The history page carries the reaction and our message's delivery status, as GET /messages/{id} does.
        var item = await HistoryItemWhenAsync(session, chat, ours, h => h.GetProperty("reactions").GetArrayLength() == 1, "the reaction in the history");
        Assert.Equal(("🎉", "text", true), (MessagingFixture.Str(item.GetProperty("reactions")[0], "emoji"), item.GetProperty("kind").GetString(), item.GetProperty("fromMe").GetBoolean()));
        await fx.MessageWhenAsync(ours, m => m.GetProperty("status").GetString() == "read", "the simulator's read receipt");
        await HistoryItemWhenAsync(session, chat, ours, h => h.GetProperty("status").GetString() == "read", "the read receipt in the history");

        // They write; we react through the API, then take it back.
        await Dev(session, "inbound", new { from = peer, text = "Thanks!" });
        var theirs = (await fx.EventsAsync("message.received", d => d.GetProperty("chatId").GetString() == chat, "their message"))[0].GetProperty("data").GetProperty("id").GetString()!;
        var reaction = await fx.SendMessageAsync(new { to = peer, reaction = new { messageId = theirs, emoji = "❤️" }, from = session });
        await fx.MessageWhenAsync(theirs, m => m.GetProperty("reactions").EnumerateArray().Any(r => r.GetProperty("fromMe").GetBoolean()), "our reaction on their message");
        Assert.Equal("reaction", (await fx.Data($"api/v1/messages/{reaction}")).GetProperty("kind").GetString());
        await fx.SendMessageAsync(new { to = peer, reaction = new { messageId = theirs, emoji = "" }, from = session });
        await fx.MessageWhenAsync(theirs, m => m.GetProperty("reactions").GetArrayLength() == 0, "our reaction removed");
        Assert.Equal($"{phone}@s.whatsapp.net", MessagingFixture.Str(
            (await fx.EventsAsync("message.reaction", d => d.GetProperty("messageId").GetString() == theirs && d.GetProperty("removed").GetBoolean(), "the removal"))[0].GetProperty("data"), "from"));

        // Reactions are not lines of the chat.
        var history = await fx.Data($"api/v1/chats/{chat}/messages?sessionId={session}");
        Assert.Equal([theirs, ours], history.EnumerateArray().Select(h => h.GetProperty("messageId").GetString()));
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Post, "api/v1/messages", new { to = peer, reaction = new { messageId = "3EB0NOSUCH000000000000", emoji = "👍" }, from = session }), 400, "invalid_input");
    }

    [Fact]
    public async Task Edits_and_deletions_for_everyone_update_the_stored_message_and_the_chat_preview()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var peer = MessagingFixture.Phone();
        var chat = peer + "@s.whatsapp.net";
        async Task PreviewAsync(string expected, string what) => await fx.Until(async () =>
            (await fx.Data($"api/v1/chats/{chat}?sessionId={session}")).GetProperty("lastMessage").GetString() == expected, what);
        await Dev(session, "inbound", new { from = peer, text = "Pick up at 5" });
        var text = (await fx.EventsAsync("message.received", d => d.GetProperty("chatId").GetString() == chat && d.GetProperty("kind").GetString() == "text", "text"))[0].GetProperty("data").GetProperty("id").GetString()!;
        await PreviewAsync("Pick up at 5", "the text as the chat's preview");

        await Dev(session, "edit", new { from = peer, messageId = text, body = "Pick up at 6" });
        var edited = await fx.MessageWhenAsync(text, m => m.GetProperty("body").GetString() == "Pick up at 6", "the edit");
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        var editedItem = (await fx.Data($"api/v1/chats/{chat}/messages?sessionId={session}")).EnumerateArray().Single(h => h.GetProperty("messageId").GetString() == text);
        Assert.Equal(("Pick up at 6", edited.GetProperty("editedAt").GetInt64()), (editedItem.GetProperty("body").GetString(), editedItem.GetProperty("editedAt").GetInt64()));
        var editEvent = (await fx.EventsAsync("message.edited", d => d.GetProperty("messageId").GetString() == text, "message.edited"))[0].GetProperty("data");
        Assert.Equal("Pick up at 6", MessagingFixture.Str(editEvent, "message", "body"));
        await PreviewAsync("Pick up at 6", "the edit of the newest message in the chat's preview");

        await Dev(session, "inbound", new { from = peer, image = new { data = Convert.ToBase64String(Samples.Png()), caption = "the wrong photo" } });
        var photo = (await fx.EventsAsync("message.received", d => d.GetProperty("chatId").GetString() == chat && d.GetProperty("kind").GetString() == "image", "photo"))[0].GetProperty("data").GetProperty("id").GetString()!;
        await PreviewAsync("📷 Photo: the wrong photo", "the photo, in words, as the chat's preview");

        await Dev(session, "revoke", new { from = peer, messageId = photo });
        var revoked = await fx.MessageWhenAsync(photo, m => m.GetProperty("revoked").GetBoolean(), "the deletion");
        Assert.Equal(("", JsonValueKind.Null), (revoked.GetProperty("body").GetString(), revoked.GetProperty("media").ValueKind));
        await PreviewAsync("🚫 This message was deleted", "the deletion in the chat's preview");
        // The history page shows the deletion as GET /messages/{id} does: no text, no file.
        var revokedItem = (await fx.Data($"api/v1/chats/{chat}/messages?sessionId={session}")).EnumerateArray().Single(h => h.GetProperty("messageId").GetString() == photo);
        Assert.Equal((true, "", false, JsonValueKind.Null, "image"), (revokedItem.GetProperty("revoked").GetBoolean(), revokedItem.GetProperty("body").GetString(),
            revokedItem.GetProperty("hasMedia").GetBoolean(), revokedItem.GetProperty("media").ValueKind, revokedItem.GetProperty("kind").GetString()));
        await ApiFixture.AssertErrorAsync(await fx.Send(HttpMethod.Get, $"api/v1/messages/{photo}/media"), 404, "not_found");
        await fx.EventsAsync("message.revoked", d => d.GetProperty("messageId").GetString() == photo && d.GetProperty("message").GetProperty("revoked").GetBoolean(), "message.revoked");

        // An edit of a message this app never stored (older than the link) is still reported.
        await Dev(session, "edit", new { from = peer, messageId = "OLDER0000000000000001", body = "from before" });
        var unknown = (await fx.EventsAsync("message.edited", d => d.GetProperty("messageId").GetString() == "OLDER0000000000000001", "the edit of an unknown message"))[0].GetProperty("data");
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task Poll_votes_are_tallied_on_the_poll_and_a_new_vote_replaces_the_earlier_one()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var voter = MessagingFixture.Phone();
        var poll = await fx.SendMessageAsync(new { to = voter, poll = new { name = "Lunch?", options = new[] { "Pizza", "Sushi", "Salad" }, selectableCount = 2 }, from = session });
        await fx.MessageWhenAsync(poll, m => m.GetProperty("status").GetString() != "queued", "the poll sent");
        await Dev(session, "vote", new { pollId = poll, voter, options = new[] { "Sushi", "Salad" } });
        var tallied = await fx.MessageWhenAsync(poll, m => m.GetProperty("poll").GetProperty("voters").GetInt32() == 1, "the vote");
        Assert.Equal([0, 1, 1], tallied.GetProperty("poll").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        var item = await HistoryItemWhenAsync(session, voter + "@s.whatsapp.net", poll, h => h.GetProperty("poll").GetProperty("voters").GetInt32() == 1, "the tally in the history");
        Assert.Equal(tallied.GetProperty("poll").GetRawText(), item.GetProperty("poll").GetRawText());
        Assert.Equal([voter + "@s.whatsapp.net"], tallied.GetProperty("poll").GetProperty("options")[1].GetProperty("voters").EnumerateArray().Select(v => v.GetString()));

        await Dev(session, "vote", new { pollId = poll, voter, options = new[] { "Pizza" } });
        var changed = await fx.MessageWhenAsync(poll, m => m.GetProperty("poll").GetProperty("options")[0].GetProperty("votes").GetInt32() == 1, "the changed vote");
        Assert.Equal([1, 0, 0], changed.GetProperty("poll").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        var events = await fx.EventsAsync("poll.vote", d => d.GetProperty("pollId").GetString() == poll && d.GetProperty("selectedOptions").GetArrayLength() == 1, "poll.vote");
        Assert.Equal(1, events[0].GetProperty("data").GetProperty("poll").GetProperty("options")[0].GetProperty("votes").GetInt32());

        await Dev(session, "vote", new { pollId = poll, voter, options = Array.Empty<string>() });
        await fx.MessageWhenAsync(poll, m => m.GetProperty("poll").GetProperty("voters").GetInt32() == 0, "the vote withdrawn");
    }
}
