using System.Text.Json;
using WaFunctions.Hosting;

namespace WaFunctions.Tests;

/// <summary>The generated Functions package matches the registry exactly, in the documented shapes.</summary>
public sealed class FunctionsPackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("package-").FullName;

    public FunctionsPackageTests() => FunctionsPackage.Write(_dir, FunctionRegistry.All);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private JsonElement Function(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, name, "function.json"))).RootElement;

    [Fact]
    public void Every_registered_function_has_exactly_one_definition_and_nothing_else_exists()
    {
        Assert.Equal(FunctionRegistry.All.Select(f => f.Name).Order(), Directory.GetDirectories(_dir).Select(Path.GetFileName).Order());
        Assert.Equal(["host.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.All(Directory.GetDirectories(_dir), d => Assert.Equal(["function.json"], Directory.GetFiles(d).Select(Path.GetFileName)));
    }

    [Fact]
    public void Http_routes_are_unique_per_method_and_match_the_registry()
    {
        var routes = FunctionRegistry.All.OfType<HttpFunction>().Select(f =>
        {
            var trigger = Function(f.Name).GetProperty("bindings")[0];
            Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Equal(f.Route, trigger.GetProperty("route").GetString());
            var method = Assert.Single(trigger.GetProperty("methods").EnumerateArray()).GetString()!;
            Assert.Equal("http", Function(f.Name).GetProperty("bindings")[1].GetProperty("type").GetString());
            return method + " " + f.Route;
        }).ToList();
        Assert.Equal(routes.Count, routes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Queue_and_timer_triggers_name_the_codes_queues_and_schedules()
    {
        foreach (var f in FunctionRegistry.All)
        {
            var binding = Assert.Single(Function(f.Name).GetProperty("bindings").EnumerateArray(), b => b.GetProperty("direction").GetString() == "in");
            switch (f)
            {
                case QueueFunction q:
                    Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
                    Assert.Equal(q.QueueName, binding.GetProperty("queueName").GetString());
                    Assert.Equal("AzureWebJobsStorage", binding.GetProperty("connection").GetString());
                    Assert.Equal(InvocationEndpoint.QueueBinding, binding.GetProperty("name").GetString());
                    break;
                case TimerFunction t:
                    Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
                    Assert.Equal(t.Schedule, binding.GetProperty("schedule").GetString());
                    NcrontabSchedule.Parse(t.Schedule);
                    break;
            }
        }
    }

    [Fact]
    public void Host_json_declares_the_custom_handler_and_the_local_hosts_queue_semantics()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "host.json"))).RootElement;
        var settings = new HostSettings();
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal("[4.0.0, 5.0.0)", host.GetProperty("extensionBundle").GetProperty("version").GetString());
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        var queues = host.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(settings.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(settings.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(settings.RetryDelay, TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!));
        Assert.True(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!) <= TimeSpan.FromSeconds(5));
        var handler = host.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal(FunctionsPackage.ExecutableName, handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
    }
}
