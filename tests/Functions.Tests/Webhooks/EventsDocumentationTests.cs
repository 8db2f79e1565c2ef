using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WaFunctions.OpenApi;
using WaFunctions.Webhooks;

namespace WaFunctions.Tests.Webhooks;

/// <summary>
/// EVENTS.md documents exactly the catalogue's events with the catalogue's examples (the OpenAPI document carries the
/// same examples with their schemas; the integration suite validates real deliveries against those schemas).
/// </summary>
public class EventsDocumentationTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaFunctions.sln"))) return dir.FullName;
        throw new InvalidOperationException("No repository root");
    }

    private static Dictionary<string, JsonNode> DocumentedExamples()
    {
        var text = File.ReadAllText(Path.Combine(Root(), "functions", "Webhooks", "EVENTS.md"));
        return Regex.Matches(text, @"^### `(?<type>[a-z_.]+)`\n(?<body>.*?)```json\n(?<json>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["type"].Value, m => JsonNode.Parse(m.Groups["json"].Value)!);
    }

    [Fact]
    public void Every_event_is_documented_once_with_the_catalogues_example()
    {
        var documented = DocumentedExamples();
        Assert.Equal(WebhookCatalogue.Events.Select(e => e.Type).Order(), documented.Keys.Order());
        foreach (var e in WebhookCatalogue.Events)
            Assert.True(JsonNode.DeepEquals(e.Envelope(), documented[e.Type]),
                $"EVENTS.md's example of {e.Type} differs from the catalogue's:\n{e.Envelope().ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}");
    }

    [Fact]
    public void Webhooks_may_subscribe_to_every_event_but_the_test_event()
    {
        Assert.DoesNotContain(WebhookEventTypes.Test, WebhookEventTypes.Subscribable);
        foreach (var type in new[] { "message.reaction", "message.edited", "message.revoked", "poll.vote", "group.joined", "group.updated", "group.participants" })
            Assert.Contains(type, WebhookEventTypes.Subscribable);
        Assert.Equal(WebhookCatalogue.Events.Count - 1, WebhookEventTypes.Subscribable.Count);
    }
}
