using Microsoft.Extensions.Configuration;
using WaFunctions.Hosting;

namespace WaFunctions.Tests;

public sealed class HostSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wafunctions-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HostSettings From(params (string Key, string Value)[] values) =>
        HostSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    private string WriteSettings(string json)
    {
        var path = Path.Combine(_dir, "local.settings.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Defaults()
    {
        var s = From();
        Assert.Equal(7071, s.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), s.QueueLease);
        Assert.Equal(TimeSpan.FromSeconds(1), s.MaxPollingInterval);
        Assert.Equal(5, s.MaxDequeueCount);
        Assert.Equal(16, s.BatchSize);
        Assert.Equal(TimeSpan.Zero, s.RetryDelay);
        Assert.Null(s.CustomHandlerPort);
        Assert.False(s.UnderFunctionsHost);
    }

    [Fact]
    public void Overrides()
    {
        var s = From(("WA_PORT", "8080"), ("WA_QUEUE_LEASE_SECONDS", "45"), ("WA_QUEUE_MAX_POLL_MS", "250"), ("WA_QUEUE_RETRY_DELAY_SECONDS", "10"));
        Assert.Equal(8080, s.Port);
        Assert.Equal(TimeSpan.FromSeconds(45), s.QueueLease);
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), s.RetryDelay);
        Assert.False(s.UnderFunctionsHost);
    }

    [Fact]
    public void CustomHandlerPortMeansUnderFunctionsHost()
    {
        var s = From(("FUNCTIONS_CUSTOMHANDLER_PORT", "41234"));
        Assert.Equal(41234, s.CustomHandlerPort);
        Assert.True(s.UnderFunctionsHost);
    }

    [Fact]
    public void EmptyValueMeansDefault() => Assert.Equal(7071, From(("WA_PORT", "")).Port);

    [Theory]
    [InlineData("WA_PORT")]
    [InlineData("WA_QUEUE_LEASE_SECONDS")]
    [InlineData("WA_QUEUE_MAX_POLL_MS")]
    [InlineData("FUNCTIONS_CUSTOMHANDLER_PORT")]
    public void NonNumericValueThrowsNamingTheSetting(string key)
    {
        var e = Assert.Throws<InvalidOperationException>(() => From((key, "soon")));
        Assert.Contains(key, e.Message);
        Assert.Contains("soon", e.Message);
    }

    [Fact]
    public void LocalSettings_ValuesBecomeConfigurationWithDoubleUnderscoreAsSection()
    {
        var path = WriteSettings("""
            {
              "IsEncrypted": false,
              "Values": {
                "WA_PORT": "9090",
                "Storage__ConnectionString": "UseDevelopmentStorage=true",
                "Number": 5,
                "Flag": true,
              }
            }
            """);
        var builder = new ConfigurationBuilder();
        HostSettings.AddLocalSettings(builder, path);
        var config = builder.Build();
        Assert.Equal("9090", config["WA_PORT"]);
        Assert.Equal("UseDevelopmentStorage=true", config["Storage:ConnectionString"]);
        Assert.Equal("UseDevelopmentStorage=true", config.GetSection("Storage")["ConnectionString"]);
        Assert.Equal("5", config["Number"]);
        Assert.Equal("true", config["Flag"]);
        Assert.Null(config["IsEncrypted"]);
        Assert.Equal(9090, HostSettings.From(config).Port);
    }

    [Fact]
    public void LocalSettings_SourcesAddedAfterwardsOverrideIt()
    {
        var path = WriteSettings("""{"IsEncrypted":false,"Values":{"WA_PORT":"9090","A__b":"file","OnlyInFile":"f"}}""");
        var builder = new ConfigurationBuilder();
        HostSettings.AddLocalSettings(builder, path);
        builder.AddInMemoryCollection([new("WA_PORT", "7000"), new("A:b", "env")]);
        var config = builder.Build();
        Assert.Equal("7000", config["WA_PORT"]);
        Assert.Equal("env", config["A:b"]);
        Assert.Equal("f", config["OnlyInFile"]);
    }

    [Fact]
    public void LocalSettings_SourcesAddedBeforeStillOverrideIt()
    {
        // Like environment variables already registered by the host builder.
        var path = WriteSettings("""{"Values":{"WA_PORT":"9090","A__b":"file","OnlyInFile":"f"}}""");
        var builder = new ConfigurationBuilder().AddInMemoryCollection([new("WA_PORT", "7000"), new("A:b", "env")]);
        HostSettings.AddLocalSettings(builder, path);
        var config = builder.Build();
        Assert.Equal("7000", config["WA_PORT"]);
        Assert.Equal("env", config["A:b"]);
        Assert.Equal("f", config["OnlyInFile"]);
    }

    [Fact]
    public void LocalSettings_MissingFileIsIgnored()
    {
        var builder = new ConfigurationBuilder();
        HostSettings.AddLocalSettings(builder, Path.Combine(_dir, "absent.json"));
        Assert.Empty(builder.Sources);
    }

    [Theory]
    [InlineData("""{"IsEncrypted":false}""")]
    [InlineData("""{"Values":"nope"}""")]
    public void LocalSettings_WithoutValuesObjectThrows(string json)
    {
        var path = WriteSettings(json);
        Assert.Throws<InvalidOperationException>(() => HostSettings.AddLocalSettings(new ConfigurationBuilder(), path));
    }

    [Fact]
    public void LocalSettings_WithConfigurationManagerEnvironmentStillWins()
    {
        // WebApplicationBuilder.Configuration is a ConfigurationManager with the environment already added.
        var path = WriteSettings("""{"Values":{"WA_PORT":"9090","WA_QUEUE_LEASE_SECONDS":"60"}}""");
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection([new("WA_PORT", "7000")]);
        HostSettings.AddLocalSettings(manager, path);
        var settings = HostSettings.From(manager);
        Assert.Equal(7000, settings.Port);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.QueueLease);
    }

    [Theory]
    [InlineData("""{"Values":{"A__b":"1","A:b":"2"}}""")]
    [InlineData("""{"Values":{"WA_PORT":"1","wa_port":"2"}}""")]
    public void LocalSettings_KeysThatCollideInConfigurationDoNotCrash(string json)
    {
        // As environment variables (how the Functions host applies "Values"), both names map to one
        // configuration key and the last wins; neither spelling is an error.
        var path = WriteSettings(json);
        var builder = new ConfigurationBuilder();
        HostSettings.AddLocalSettings(builder, path);
        var config = builder.Build();
        Assert.Contains(config.AsEnumerable(), kv => kv.Value is "1" or "2");
    }
}
