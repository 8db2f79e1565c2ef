using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Wire;

/// <summary>
/// Proves our protocol code against clients no one here wrote: Microsoft's JavaScript SDKs read
/// what we write and we read what they write, type for type, on the same Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WireCompatibilityTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset When = new(2025, 6, 29, 10, 15, 0, 123, TimeSpan.Zero);

    [Fact]
    public async Task The_official_JavaScript_clients_read_what_we_write()
    {
        var (table, queue) = await NewPairAsync();
        await table.AddEntityAsync(new TableEntity("fromDotnet", "row-1")
        {
            ["Text"] = "नमस्ते 👋 'quoted' \"double\"",
            ["Int"] = 42,
            ["Long"] = 9007199254740993L,
            // A fractional value: the service sends doubles unannotated, and the JavaScript client
            // (unlike ours) infers Int32 for any integral number it reads.
            ["Double"] = 2.5,
            ["Flag"] = true,
            ["When"] = When,
            ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        });
        await queue.SendMessageAsync("{\"v\":1,\"text\":\"héllo <&> 👋\"}");

        using var result = JsonDocument.Parse(await RunPeerAsync("read", table.Name, queue.Name));
        var p = result.RootElement.GetProperty("properties");
        (string Value, string Type) Prop(string name) => (p.GetProperty(name).GetProperty("value").GetString()!, p.GetProperty(name).GetProperty("type").GetString()!);
        Assert.Equal(("नमस्ते 👋 'quoted' \"double\"", "String"), Prop("Text"));
        Assert.Equal(("42", "Int32"), Prop("Int"));
        Assert.Equal(("9007199254740993", "Int64"), Prop("Long"));
        Assert.Equal(("2.5", "Double"), Prop("Double"));
        Assert.Equal(("true", "Boolean"), Prop("Flag"));
        Assert.Equal("DateTime", Prop("When").Type);
        Assert.Equal(When, DateTimeOffset.Parse(Prop("When").Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("6f9619ff-8b86-d011-b42d-00c04fc964ff", "Guid"), Prop("Id"));
        Assert.Equal((Convert.ToBase64String(new byte[] { 0, 1, 2, 255 }), "Binary"), Prop("Bytes"));
        Assert.Equal("{\"v\":1,\"text\":\"héllo <&> 👋\"}", result.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task We_read_what_the_official_JavaScript_clients_write()
    {
        var (table, queue) = await NewPairAsync();
        await RunPeerAsync("write", table.Name, queue.Name);

        var e = (await table.GetEntityAsync<TableEntity>("fromNode", "row-1")).Value;
        Assert.Equal("नमस्ते 👋 'quoted' \"double\"", e["Text"]);
        Assert.Equal(42, e["Int"]);
        Assert.Equal(9007199254740993L, e["Long"]);
        Assert.Equal(2.0, Assert.IsType<double>(e["Double"]));
        Assert.Equal(3.5, e["Fraction"]);
        Assert.Equal(true, e["Flag"]);
        Assert.Equal(When, e["When"]);
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), e["Id"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, e["Bytes"]);
        var message = Assert.Single((await queue.ReceiveMessagesAsync(1)).Value);
        Assert.Equal("{\"v\":1,\"text\":\"héllo <&> 👋\"}", message.MessageText);
    }

    private async Task<(TableClient, QueueClient)> NewPairAsync()
    {
        var table = azurite.Storage.Table(AzuriteFixture.UniqueName("wire"));
        var queue = azurite.Storage.Queue(AzuriteFixture.UniqueName("wire"));
        await table.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();
        return (table, queue);
    }

    private async Task<string> RunPeerAsync(string mode, string table, string queue)
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "Integration.Tests", "Wire", "wire-peer.mjs");
        await using var node = ChildProcess.Start("node", [script, mode, azurite.ConnectionString, table, queue], new Dictionary<string, string?>());
        var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"wire-peer {mode} exited {exit}:\n{node.Output}");
        return node.StandardOutputLines.Last();
    }
}
