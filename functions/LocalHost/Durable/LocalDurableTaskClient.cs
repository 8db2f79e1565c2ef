using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreStatus = DurableTask.Core.OrchestrationStatus;

namespace WaFunctions.LocalHost.Durable;

/// <summary>
/// <see cref="DurableTaskClient"/> for the local host, over the Durable Task Framework's own <see cref="TaskHubClient"/>
/// (no served package implements one). Inputs, outputs and events go through the worker's data converter, so the shim
/// reads exactly what was written. Queries across instances are not needed by the app and not supported.
/// </summary>
internal sealed class LocalDurableTaskClient : DurableTaskClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly TaskHubClient _client;
    private readonly Microsoft.DurableTask.DataConverter _converter;

    public LocalDurableTaskClient(LocalDurableHost host, ILoggerFactory loggers) : base("local")
    {
        _converter = host.Converter;
        _client = new TaskHubClient(host.ServiceClient, new ConverterBridge(_converter), loggers);
    }

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var instance = options?.StartAt is { } startAt
            ? await _client.CreateScheduledOrchestrationInstanceAsync(orchestratorName.Name, "", instanceId, input, startAt.UtcDateTime).ConfigureAwait(false)
            : await _client.CreateOrchestrationInstanceAsync(orchestratorName.Name, "", instanceId, input).ConfigureAwait(false);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        _client.RaiseEventAsync(Instance(instanceId), eventName, eventPayload!);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.SuspendInstanceAsync(Instance(instanceId), reason);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.ResumeInstanceAsync(Instance(instanceId), reason);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _client.TerminateInstanceAsync(Instance(instanceId), options?.Output is { } output ? _converter.Serialize(output) ?? "" : "");

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = await _client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
        return state is null ? null : Metadata(state, getInputsAndOutputs);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, s => s != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs,
            s => s is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        throw new NotSupportedException("The local host does not query across orchestration instances.");

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done,
        CancellationToken cancellation)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false) is { } m && done(m.RuntimeStatus)) return m;
            await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
        }
    }

    private OrchestrationMetadata Metadata(OrchestrationState state, bool withData) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        RuntimeStatus = state.OrchestrationStatus switch
        {
            CoreStatus.Running => OrchestrationRuntimeStatus.Running,
            CoreStatus.Completed => OrchestrationRuntimeStatus.Completed,
            CoreStatus.ContinuedAsNew => OrchestrationRuntimeStatus.Running,
            CoreStatus.Failed => OrchestrationRuntimeStatus.Failed,
            CoreStatus.Canceled or CoreStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
            CoreStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
            _ => OrchestrationRuntimeStatus.Pending,
        },
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = withData ? state.Input : null,
        SerializedOutput = withData ? state.Output : null,
        SerializedCustomStatus = withData ? state.Status : null,
        // The Azure Storage provider leaves FailureDetails empty for failed instances and puts the error in the output.
        FailureDetails = state.OrchestrationStatus == CoreStatus.Failed
            ? new TaskFailureDetails(state.FailureDetails?.ErrorType ?? "Failure", state.FailureDetails?.ErrorMessage ?? state.Output ?? "", null, null, null)
            : null,
        DataConverter = _converter,
    };

    private static OrchestrationInstance Instance(string instanceId) => new() { InstanceId = instanceId };

    /// <summary>The Durable Task Framework's converter interface over the worker's converter: one serialization everywhere.</summary>
    private sealed class ConverterBridge(Microsoft.DurableTask.DataConverter inner) : DurableTask.Core.Serializing.DataConverter
    {
        public override string? Serialize(object? value) => inner.Serialize(value);
        public override string? Serialize(object? value, bool formatted) => inner.Serialize(value);
        public override object? Deserialize(string? data, Type objectType) => inner.Deserialize(data, objectType);
    }
}
