using System.Net;
using System.Text;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Messaging;

/// <summary>
/// What the app really delivers, checked against what its description promises: every event the receiver got (this
/// test's and any other test's of the collection so far) validates, with an independent JSON Schema validator, against
/// the live document's <c>webhooks</c> section made strict (a field the document does not describe fails too).
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class WebhookSchemaTests(MessagingFixture fx)
{
    [Fact]
    public async Task Every_delivered_event_validates_against_the_documented_webhook_schema()
    {
        var (session, _) = await fx.LinkedNumberAsync();
        var peer = MessagingFixture.Phone();
        var chat = peer + "@s.whatsapp.net";
        var sent = await fx.SendMessageAsync(new { to = peer, image = new { data = Convert.ToBase64String(Samples.Jpeg()), caption = "Your photo" }, from = session });
        var poll = await fx.SendMessageAsync(new { to = peer, poll = new { name = "Lunch?", options = new[] { "Pizza", "Sushi" } }, from = session });
        await fx.MessageWhenAsync(sent, m => m.GetProperty("status").GetString() == "read", "our image read");
        await fx.MessageWhenAsync(poll, m => m.GetProperty("status").GetString() != "queued", "the poll sent");
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/inbound", new { from = peer, name = "Asha Rao", document = new { data = Convert.ToBase64String(Samples.Pdf()), fileName = "receipt.pdf" } }), HttpStatusCode.Accepted);
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/reaction", new { from = peer, messageId = sent, emoji = "👍" }), HttpStatusCode.Accepted);
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/vote", new { pollId = poll, voter = peer, options = new[] { "Sushi" } }), HttpStatusCode.Accepted);
        var received = (await fx.EventsAsync("message.received", d => d.GetProperty("chatId").GetString() == chat, "their document"))[0].GetProperty("data").GetProperty("id").GetString()!;
        await fx.Ok(await fx.Send(HttpMethod.Post, $"api/v1/dev/sessions/{session}/revoke", new { from = peer, messageId = received }), HttpStatusCode.Accepted);
        var group = await fx.Send(HttpMethod.Post, $"api/v1/groups?sessionId={session}", new { subject = "Schema check", participants = new[] { peer } });
        await fx.Ok(group, HttpStatusCode.Created);

        string[] expected = ["session.qr", "session.connected", "message.sent", "message.delivered", "message.read", "message.received",
            "message.reaction", "poll.vote", "message.revoked", "group.joined"];
        await fx.Until(() => Task.FromResult(expected.All(t => fx.Events(t, d => !d.TryGetProperty("sessionId", out var s) || s.GetString() == session).Count > 0)),
            "an event of each type for this number");

        var work = Directory.CreateTempSubdirectory("wa-webhooks-").FullName;
        try
        {
            var document = Path.Combine(work, "openapi.json");
            await File.WriteAllTextAsync(document, await (await fx.Send(HttpMethod.Get, "api/v1/openapi.json")).Content.ReadAsStringAsync());
            var events = Path.Combine(work, "events.jsonl");
            var delivered = fx.Receiver.On(MessagingFixture.AllEvents);
            await File.WriteAllLinesAsync(events, delivered.Select(r => Encoding.UTF8.GetString(r.Body)));
            await using var node = ChildProcess.Start("node", [Path.Combine(RepoPaths.Root, "tests", "Integration.Tests", "OpenApi", "validate-webhooks.mjs"), document, events],
                new Dictionary<string, string?>(), RepoPaths.Root);
            var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, node.Output);
            var report = System.Text.Json.JsonDocument.Parse(node.StandardOutputLines.Last()).RootElement;
            Assert.True(report.GetProperty("checked").GetInt32() >= delivered.Count);
            Assert.Superset(expected.ToHashSet(), report.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToHashSet());
        }
        finally { Directory.Delete(work, recursive: true); }
    }
}
