using Microsoft.Extensions.Configuration;
using WaFunctions.LocalHost;

namespace WaFunctions.Tests;

public sealed class LocalHostSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wafunctions-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The app's own host.json, as the build copies it beside the tests.</summary>
    private static readonly string HostJson = Path.Combine(AppContext.BaseDirectory, "host.json");

    private static LocalHostSettings From(params (string Key, string Value)[] values) =>
        LocalHostSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build(), HostJson);

    private string WriteSettings(string json)
    {
        var path = Path.Combine(_dir, "local.settings.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Queue_and_Durable_settings_come_from_the_apps_host_json()
    {
        Assert.True(File.Exists(HostJson), "host.json is copied beside the app and its tests");
        var s = From();
        Assert.Equal(7071, s.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), s.QueueLease);
        Assert.Equal(TimeSpan.FromSeconds(1), s.MaxPollingInterval);
        Assert.Equal((5, 16, 8), (s.MaxDequeueCount, s.BatchSize, s.NewBatchThreshold));
        Assert.Equal(TimeSpan.Zero, s.RetryDelay);
        Assert.Equal(("WaFunctions", 2), (s.Durable.HubName, s.Durable.PartitionCount));
        Assert.Equal(TimeSpan.FromSeconds(45), s.Durable.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Durable.MaxPollingInterval);
    }

    [Fact]
    public void Without_a_host_json_the_Functions_defaults_apply()
    {
        var s = LocalHostSettings.From(new ConfigurationBuilder().Build(), Path.Combine(_dir, "missing.json"));
        Assert.Equal((5, 16), (s.MaxDequeueCount, s.BatchSize));
        Assert.Equal(TimeSpan.FromSeconds(30), s.Durable.PartitionLease);
    }

    [Theory]
    [InlineData("14")]
    [InlineData("61")]
    public void A_partition_lease_outside_what_a_blob_lease_allows_is_refused(string seconds)
    {
        var e = Assert.Throws<InvalidOperationException>(() => From(("WA_DURABLE_LEASE_SECONDS", seconds)));
        Assert.Contains("WA_DURABLE_LEASE_SECONDS", e.Message);
    }

    [Fact]
    public void Overrides()
    {
        var s = From(("WA_PORT", "8080"), ("WA_QUEUE_LEASE_SECONDS", "45"), ("WA_QUEUE_MAX_POLL_MS", "250"), ("WA_QUEUE_RETRY_DELAY_SECONDS", "10"));
        Assert.Equal(8080, s.Port);
        Assert.Equal(TimeSpan.FromSeconds(45), s.QueueLease);
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), s.RetryDelay);
    }

    [Fact]
    public void EmptyValueMeansDefault() => Assert.Equal(7071, From(("WA_PORT", "")).Port);

    [Theory]
    [InlineData("WA_PORT")]
    [InlineData("WA_QUEUE_LEASE_SECONDS")]
    [InlineData("WA_QUEUE_MAX_POLL_MS")]
    [InlineData("WA_DURABLE_LEASE_SECONDS")]
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
        LocalHostSettings.AddLocalSettings(builder, path);
        var config = builder.Build();
        Assert.Equal("9090", config["WA_PORT"]);
        Assert.Equal("UseDevelopmentStorage=true", config["Storage:ConnectionString"]);
        Assert.Equal("UseDevelopmentStorage=true", config.GetSection("Storage")["ConnectionString"]);
        Assert.Equal("5", config["Number"]);
        Assert.Equal("true", config["Flag"]);
        Assert.Null(config["IsEncrypted"]);
        Assert.Equal(9090, LocalHostSettings.From(config, HostJson).Port);
    }

    [Fact]
    public void LocalSettings_SourcesAddedAfterwardsOverrideIt()
    {
        var path = WriteSettings("""{"IsEncrypted":false,"Values":{"WA_PORT":"9090","A__b":"file","OnlyInFile":"f"}}""");
        var builder = new ConfigurationBuilder();
        LocalHostSettings.AddLocalSettings(builder, path);
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
        LocalHostSettings.AddLocalSettings(builder, path);
        var config = builder.Build();
        Assert.Equal("7000", config["WA_PORT"]);
        Assert.Equal("env", config["A:b"]);
        Assert.Equal("f", config["OnlyInFile"]);
    }

    [Fact]
    public void LocalSettings_MissingFileIsIgnored()
    {
        var builder = new ConfigurationBuilder();
        LocalHostSettings.AddLocalSettings(builder, Path.Combine(_dir, "absent.json"));
        Assert.Empty(builder.Sources);
    }

    [Theory]
    [InlineData("""{"IsEncrypted":false}""")]
    [InlineData("""{"Values":"nope"}""")]
    public void LocalSettings_WithoutValuesObjectThrows(string json)
    {
        var path = WriteSettings(json);
        Assert.Throws<InvalidOperationException>(() => LocalHostSettings.AddLocalSettings(new ConfigurationBuilder(), path));
    }

    [Fact]
    public void LocalSettings_WithConfigurationManagerEnvironmentStillWins()
    {
        // WebApplicationBuilder.Configuration is a ConfigurationManager with the environment already added.
        var path = WriteSettings("""{"Values":{"WA_PORT":"9090","WA_QUEUE_LEASE_SECONDS":"60"}}""");
        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection([new("WA_PORT", "7000")]);
        LocalHostSettings.AddLocalSettings(manager, path);
        var settings = LocalHostSettings.From(manager, HostJson);
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
        LocalHostSettings.AddLocalSettings(builder, path);
        var config = builder.Build();
        Assert.Contains(config.AsEnumerable(), kv => kv.Value is "1" or "2");
    }
}
