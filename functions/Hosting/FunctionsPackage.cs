using System.Text.Json;
using System.Text.Json.Nodes;

namespace WaFunctions.Hosting;

/// <summary>
/// Writes what the Azure Functions host needs beside the published executable: <c>host.json</c>
/// (custom handler, route prefix, queue settings equal to the local host's) and one
/// <c>&lt;Name&gt;/function.json</c> per registered function. Generated at publish, never edited.
/// </summary>
public static class FunctionsPackage
{
    public const string ExecutableName = "WaFunctions";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string directory, IEnumerable<FunctionDefinition> functions)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "host.json"), HostJson(new HostSettings()).ToJsonString(Indented));
        foreach (var function in functions)
        {
            var folder = Path.Combine(directory, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), FunctionJson(function).ToJsonString(Indented));
        }
    }

    public static JsonObject HostJson(HostSettings settings) => new()
    {
        ["version"] = "2.0",
        ["extensionBundle"] = new JsonObject { ["id"] = "Microsoft.Azure.Functions.ExtensionBundle", ["version"] = "[4.0.0, 5.0.0)" },
        ["extensions"] = new JsonObject
        {
            ["http"] = new JsonObject { ["routePrefix"] = "api" },
            ["queues"] = new JsonObject
            {
                ["batchSize"] = settings.BatchSize,
                ["newBatchThreshold"] = settings.BatchSize / 2,
                ["maxDequeueCount"] = settings.MaxDequeueCount,
                // The host's visibilityTimeout is the delay before a failed message is retried.
                ["visibilityTimeout"] = settings.RetryDelay.ToString("c"),
                ["maxPollingInterval"] = TimeSpan.FromSeconds(2).ToString("c"),
                ["messageEncoding"] = "base64",
            },
        },
        ["customHandler"] = new JsonObject
        {
            ["description"] = new JsonObject { ["defaultExecutablePath"] = ExecutableName, ["workingDirectory"] = "", ["arguments"] = new JsonArray() },
            // Requests reach the app unchanged (the legacy forwarding mode drops chunked bodies).
            ["enableProxyingHttpRequest"] = true,
        },
    };

    public static JsonObject FunctionJson(FunctionDefinition function) => new()
    {
        ["bindings"] = function switch
        {
            HttpFunction http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger", ["direction"] = "in", ["name"] = "req",
                    // The app authenticates API keys itself.
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray(http.Method.ToLowerInvariant()),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueFunction queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = InvocationEndpoint.QueueBinding,
                ["queueName"] = queue.QueueName, ["connection"] = "AzureWebJobsStorage",
            }),
            TimerFunction timer => new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = InvocationEndpoint.TimerBinding, ["schedule"] = timer.Schedule,
            }),
            _ => throw new NotSupportedException(function.GetType().Name),
        },
    };
}
