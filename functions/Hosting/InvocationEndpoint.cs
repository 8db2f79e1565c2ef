using System.Globalization;
using System.Text.Json;

namespace WaFunctions.Hosting;

/// <summary>
/// Under the Azure Functions host (custom handler), queue and timer triggers arrive as
/// <c>POST /{FunctionName}</c> with <c>{ "Data": { "&lt;binding&gt;": ... }, "Metadata": { ... } }</c>.
/// The same handler the local poller runs is called; 200 settles the message, 500 makes the host retry
/// (and poison after its max dequeue count). The host needs a JSON body even on success.
/// </summary>
internal static class InvocationEndpoint
{
    public const string QueueBinding = "message";
    public const string TimerBinding = "timer";

    // The host reads "Outputs", "Logs" and "ReturnValue" exactly as spelled.
    private static readonly JsonSerializerOptions HostJson = new() { PropertyNamingPolicy = null };

    private static readonly Auth.PublicByDesign HostOnly = new("trigger invocation by the Functions host over the handler's loopback port");

    public static void Map(IEndpointRouteBuilder app, FunctionCatalog catalog)
    {
        foreach (var function in catalog.Functions)
        {
            switch (function)
            {
                case QueueFunction queue:
                    app.MapPost("/" + queue.Name, (HttpRequest request, QueueFunctionRunner runner, ILogger<QueueFunctionRunner> logger) =>
                        InvokeAsync(request, logger, queue.Name, async (root, ct) => await runner.RunAsync(queue, ReadQueueInvocation(root), ct)))
                        .WithMetadata(HostOnly);
                    break;
                case TimerFunction timer:
                    app.MapPost("/" + timer.Name, (HttpRequest request, QueueFunctionRunner runner, ILogger<QueueFunctionRunner> logger) =>
                        InvokeAsync(request, logger, timer.Name, (_, ct) => runner.RunAsync(timer, ct)))
                        .WithMetadata(HostOnly);
                    break;
            }
        }
    }

    private static async Task<IResult> InvokeAsync(HttpRequest request, ILogger logger, string name, Func<JsonElement, CancellationToken, Task> run)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            await run(doc.RootElement, request.HttpContext.RequestAborted);
            return Results.Json(new { Outputs = new { }, Logs = Array.Empty<string>(), ReturnValue = (object?)null }, HostJson);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Invocation of {Function} failed", name);
            return Results.Json(new { Outputs = new { }, Logs = new[] { $"{name} failed: {e.GetType().Name}" }, ReturnValue = (object?)null }, HostJson, statusCode: 500);
        }
    }

    /// <summary>
    /// The host hands the message text over as a JSON string, and for a JSON message that string
    /// may itself be a JSON-encoded string: unwrap until we hold the text the sender enqueued.
    /// Metadata values arrive as strings (<c>"DequeueCount": "1"</c>) or numbers.
    /// </summary>
    internal static QueueInvocation ReadQueueInvocation(JsonElement root)
    {
        var data = root.GetProperty("Data");
        var value = data.TryGetProperty(QueueBinding, out var bound) ? bound : data.EnumerateObject().First().Value;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try { text = JsonSerializer.Deserialize<string>(text)!; }
            catch (JsonException) { /* a plain-text message that happens to be quoted */ }
        }
        var metadata = root.TryGetProperty("Metadata", out var m) ? m : default;
        string? Meta(string key) => metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(key, out var v)
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())?.Trim('"') : null;
        return new QueueInvocation(text, Meta("Id") ?? "",
            long.TryParse(Meta("DequeueCount"), CultureInfo.InvariantCulture, out var count) ? count : 1,
            DateTimeOffset.TryParse(Meta("InsertionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var inserted) ? inserted : null);
    }
}
