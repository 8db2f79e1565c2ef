using System.Text.Json;
using WaFunctions.Hosting;

namespace WaFunctions.Tests;

public class InvocationEndpointTests
{
    private static QueueInvocation Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return InvocationEndpoint.ReadQueueInvocation(doc.RootElement);
    }

    /// <summary>A full host payload whose Data.message is the given JSON value.</summary>
    private static string Payload(string messageJson, string dequeueCount = "\"3\"", string id = "\"abc\"") => $$"""
        {
          "Data": { "message": {{messageJson}} },
          "Metadata": {
            "DequeueCount": {{dequeueCount}},
            "Id": {{id}},
            "PopReceipt": "AgAAAAMAAAAAAAAA",
            "InsertionTime": "2025-06-29T10:15:00+00:00",
            "NextVisibleTime": "2025-06-29T10:25:00+00:00",
            "ExpirationTime": "2025-07-06T10:15:00+00:00",
            "sys": { "MethodName": "EngineEvents", "UtcNow": "2025-06-29T10:15:01.123Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" }
          }
        }
        """;

    /// <summary>Encodes text as a JSON string literal.</summary>
    private static string Js(string text) => JsonSerializer.Serialize(text);

    [Fact]
    public void DoubleEncodedJsonMessageIsUnwrappedToTheOriginalJson()
    {
        const string original = """{"type":"message","text":"hi \"there\"","n":1}""";
        // Data.message is a JSON string whose content is a JSON string literal of the message text.
        var invocation = Read(Payload(Js(Js(original))));
        Assert.Equal(original, invocation.MessageText);
    }

    [Fact]
    public void SinglyEncodedJsonMessageIsKeptAsIs()
    {
        const string original = """{"type":"message","n":1}""";
        Assert.Equal(original, Read(Payload(Js(original))).MessageText);
    }

    [Fact]
    public void JsonObjectMessageGivesItsRawText()
    {
        Assert.Equal("""{"a":1}""", Read(Payload("""{"a":1}""")).MessageText);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("")]
    [InlineData("ünïcødé 👋")]
    [InlineData("\"quoted\" but \"not json\"")]
    [InlineData("\"bad \\q escape\"")]
    public void PlainTextMessage(string text) => Assert.Equal(text, Read(Payload(Js(text))).MessageText);

    [Fact]
    public void Metadata()
    {
        var invocation = Read(Payload(Js("x")));
        Assert.Equal("abc", invocation.MessageId);
        Assert.Equal(3, invocation.DequeueCount);
        Assert.Equal(new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), invocation.InsertedOn);
    }

    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData("3", 3)]
    [InlineData("\"12\"", 12)]
    [InlineData("\"not a number\"", 1)]
    public void DequeueCountAsStringOrNumber(string json, long expected) =>
        Assert.Equal(expected, Read(Payload(Js("x"), dequeueCount: json)).DequeueCount);

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\\\"abc\\\"\"")] // the host sometimes sends the id with its JSON quotes embedded
    public void IdWithOrWithoutEmbeddedQuotes(string idJson) =>
        Assert.Equal("abc", Read(Payload(Js("x"), id: idJson)).MessageId);

    [Fact]
    public void MissingMetadataIsTolerated()
    {
        var invocation = Read("""{ "Data": { "message": "hello" } }""");
        Assert.Equal("hello", invocation.MessageText);
        Assert.Equal("", invocation.MessageId);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Null(invocation.InsertedOn);
    }

    [Fact]
    public void OtherBindingNameFallsBackToFirstDataValue()
    {
        Assert.Equal("hi", Read("""{ "Data": { "queueItem": "hi" }, "Metadata": {} }""").MessageText);
    }

    [Fact]
    public void HostStyleInsertionTime()
    {
        var json = Payload(Js("x")).Replace("2025-06-29T10:15:00+00:00", "06/29/2025 10:15:00 +00:00");
        Assert.Equal(new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), Read(json).InsertedOn);
    }
}
