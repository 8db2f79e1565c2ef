using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using WaFunctions.Dev;
using WaFunctions.Engine;

namespace WaFunctions.Tests.Messaging;

public class DevApiTests
{
    [Fact]
    public async Task Every_dev_endpoint_is_not_found_unless_the_simulator_is_configured()
    {
        var baileys = new EngineSettings("baileys");
        var ct = CancellationToken.None;
        // The engine check comes first: no storage is touched, so none is given.
        IResult[] results =
        [
            await DevApi.ScanAsync("nabc123", null, baileys, null!, null!, ct),
            await DevMessagesApi.InboundAsync("nabc123", new("15550001111", Text: "hi"), baileys, null!, null!, null!, null!, ct),
            await DevMessagesApi.ReactionAsync("nabc123", new("15550001111", MessageId: "X", Emoji: "👍"), baileys, null!, null!, ct),
            await DevMessagesApi.EditAsync("nabc123", new("15550001111", MessageId: "X", Body: "new"), baileys, null!, null!, ct),
            await DevMessagesApi.RevokeAsync("nabc123", new("15550001111", MessageId: "X"), baileys, null!, null!, ct),
            await DevMessagesApi.VoteAsync("nabc123", new("X", "15550001111", ["A"]), baileys, null!, null!, ct),
            await DevApi.StatusAsync("nabc123", new("3EB0AA", "read"), baileys, null!, null!, ct),
            await DevApi.DisconnectAsync("nabc123", null, baileys, null!, null!, ct),
            await DevApi.TimelockAsync("nabc123", new(60), baileys, null!, null!, ct),
        ];
        Assert.All(results, r => Assert.Equal(404, Assert.IsAssignableFrom<IStatusCodeHttpResult>(r).StatusCode));
    }

    [Theory]
    [InlineData("simulator", true)]
    [InlineData("baileys", false)]
    public void Engine_setting_decides(string value, bool simulator) =>
        Assert.Equal(simulator, EngineSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WA_ENGINE"] = value }).Build()).IsSimulator);

    [Fact]
    public void An_unknown_engine_stops_start_up_naming_the_setting() =>
        Assert.Contains("WA_ENGINE", Assert.Throws<InvalidOperationException>(() =>
            EngineSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WA_ENGINE"] = "whatsmeow" }).Build())).Message);
}
