using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Storage;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Hosting;

/// <summary>
/// The Azure side's one HTTP function, invoked as the worker's ASP.NET Core integration invokes it: an HttpContext whose
/// endpoint is already the function's catch-all. It must reach the same minimal-API endpoints, auth gate and error
/// shapes as the local host, and hand them the Durable client the Functions host bound to the request.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private IHost _host = null!;
    private IServiceProvider _services = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        // The worker host exactly as Azure starts it (FunctionsApplication, ASP.NET Core integration, the app's services),
        // built but not run: running it would dial the Functions host's gRPC endpoint.
        _host = AzureHost.Build([$"--AzureWebJobsStorage={azurite.ConnectionString}", "--WA_ENGINE=simulator", "--WA_RATE_LIMIT_PER_MINUTE=100000"]);
        _services = _host.Services;
        var storage = _services.GetRequiredService<StorageInitializer>();
        await storage.StartAsync(default);
        await storage.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        _key = (await _services.GetRequiredService<ApiKeyStore>().CreateAsync("adapter test", [Scopes.All], null, default)).Secret;
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(int Status, JsonElement? Body, HttpContext Context)> InvokeAsync(string method, string path, string? key, string? body = null,
        DurableTaskClient? durable = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Path = path;
        if (key is not null) context.Request.Headers.Authorization = "Bearer " + key;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyPresent());
        }
        var response = new MemoryStream();
        context.Response.Body = response;
        // What the integration leaves behind: its own catch-all endpoint, already matched.
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "Api"));
        context.Request.RouteValues["path"] = path.TrimStart('/');
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = context;

        await new ApiFunction(_services.GetRequiredService<ApiPipeline>()).RunAsync(context.Request, durable ?? new RecordingClient());

        var text = Encoding.UTF8.GetString(response.ToArray());
        return (context.Response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null, context);
    }

    [Fact]
    public async Task An_authenticated_request_reaches_its_endpoint()
    {
        var (status, body, _) = await InvokeAsync("GET", "/api/v1/health", _key);
        Assert.Equal(200, status);
        Assert.True(body!.Value.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task The_gate_and_the_error_shapes_are_the_APIs_own()
    {
        var (status, body, _) = await InvokeAsync("GET", "/api/v1/health", key: null);
        Assert.Equal((401, "invalid_api_key"), (status, body!.Value.GetProperty("error").GetString()));
        (status, body, _) = await InvokeAsync("GET", "/api/v1/nope", _key);
        Assert.Equal((404, "not_found"), (status, body!.Value.GetProperty("error").GetString()));
        (status, body, _) = await InvokeAsync("PUT", "/api/v1/contacts", _key);
        Assert.Equal((405, "method_not_allowed"), (status, body!.Value.GetProperty("error").GetString()));
        (status, body, _) = await InvokeAsync("POST", "/api/v1/api-keys", _key, "{\"name\":\"x\",\"scopes\":[\"a\"],\"scopes\":[\"*\"]}");
        Assert.Equal((400, "invalid_input"), (status, body!.Value.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_body_is_bound_and_a_created_resource_answered()
    {
        var phone = "4916" + Random.Shared.NextInt64(100_000_000, 999_999_999);
        var (status, body, _) = await InvokeAsync("POST", "/api/v1/contacts", _key, $"{{\"name\":\"Adapter\",\"phone\":\"{phone}\"}}");
        Assert.Equal(201, status);
        Assert.Equal(phone, body!.Value.GetProperty("data").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Endpoints_get_the_Durable_client_bound_to_the_request()
    {
        var (_, session, _) = await InvokeAsync("POST", "/api/v1/sessions", _key, "{\"name\":\"adapter\"}");
        var sessionId = session!.Value.GetProperty("data").GetProperty("id").GetString();
        var durable = new RecordingClient();
        var (status, body, _) = await InvokeAsync("POST", "/api/v1/broadcasts", _key,
            $"{{\"name\":\"b\",\"sessionId\":\"{sessionId}\",\"message\":\"hi\",\"recipients\":[{{\"chatId\":\"4915100000001\"}}]}}", durable);
        Assert.Equal(201, status);
        var id = body!.Value.GetProperty("data").GetProperty("id").GetString();
        Assert.Equal([$"BroadcastOrchestrator {id}"], durable.Scheduled);
    }

    private sealed class BodyPresent : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    /// <summary>Records what an endpoint asked of the Durable client; nothing else is used by these requests.</summary>
    private sealed class RecordingClient() : DurableTaskClient("recording")
    {
        public List<string> Scheduled { get; } = [];

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
            StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
        {
            Scheduled.Add($"{orchestratorName.Name} {options?.InstanceId}");
            return Task.FromResult(options?.InstanceId ?? "");
        }

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
