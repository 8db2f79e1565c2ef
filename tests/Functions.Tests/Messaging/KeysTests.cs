using WaFunctions.Chats;
using WaFunctions.Messages;

namespace WaFunctions.Tests.Messaging;

public class KeysTests
{
    [Fact]
    public void OutboundIdMatchesTheEngineHostDerivation() =>
        // node -e "'3EB0'+sha256('nabc123\ncmid-1').hex.slice(0,18).toUpperCase()" (engine-host src/sessions/sent-store.ts)
        Assert.Equal("3EB0F154AE206F20C4F1F7", MessageRecord.OutboundId("nabc123", "cmid-1"));

    [Fact]
    public void HistoryKeysSortNewestFirstThenLaterSeqFirst()
    {
        var keys = new[]
        {
            MessageRecord.HistoryKeyFor(1_751_193_300, 10, "A"),
            MessageRecord.HistoryKeyFor(1_751_193_301, 5, "B"),
            MessageRecord.HistoryKeyFor(1_751_193_300, 11, "C"),
            MessageRecord.HistoryKeyFor(999, 1, "D"),
        };
        var sorted = keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal([keys[1], keys[2], keys[0], keys[3]], sorted);
        Assert.All(keys, k => Assert.InRange(string.CompareOrdinal(k, "0"), 0, int.MaxValue));
        Assert.All(keys, k => Assert.True(string.CompareOrdinal(k, ":") < 0));
    }

    [Fact]
    public void ActivityKeysSortNewestFirstAndEncodeTheChatId()
    {
        var newer = Chat.ActivityRowKey(1_751_193_301, "1@s.whatsapp.net");
        var older = Chat.ActivityRowKey(1_751_193_300, "2@s.whatsapp.net");
        Assert.True(string.CompareOrdinal(newer, older) < 0);
        Assert.StartsWith("a_", newer);
        Assert.Equal("c_a%2Fb", Chat.ChatRowKey("a/b"));
    }

    [Theory]
    [InlineData("text", "chat")]
    [InlineData("contact", "vcard")]
    [InlineData("poll", "poll_creation")]
    [InlineData("image", "image")]
    [InlineData("reaction", "reaction")]
    [InlineData("something-new", "unknown")]
    public void EngineTypesMapToTheSeedVocabulary(string engine, string seed) => Assert.Equal(seed, MessageRecord.TypeFromEngine(engine));
}
