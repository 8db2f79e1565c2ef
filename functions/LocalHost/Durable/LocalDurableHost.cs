using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using WaFunctions.Api;
using WaFunctions.Storage;

namespace WaFunctions.LocalHost.Durable;

/// <summary>
/// Runs the app's orchestrators and activities without the Functions host, on the engine Durable Functions itself uses:
/// the Durable Task Framework's Azure Storage provider (on Azurite locally), bridged to the isolated-worker programming
/// model by <see cref="DurableTaskShimFactory"/>. Task hub name, partitions and queue settings come from host.json.
/// Work items are at least once: an activity that was running when a process died runs again elsewhere after the
/// visibility timeout, and an orchestration replays from its history.
/// </summary>
internal sealed class LocalDurableHost : BackgroundService, IStartupGate
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly StorageInitializer _storage;
    private readonly ILogger<LocalDurableHost> _logger;
    private volatile bool _started;

    public LocalDurableHost(IConfiguration config, LocalHostSettings settings, FunctionIndex functions, FunctionInvoker invoker,
        StorageInitializer storage, ILoggerFactory loggers)
    {
        _storage = storage;
        _logger = loggers.CreateLogger<LocalDurableHost>();
        var durable = settings.Durable;
        _service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = durable.HubName,
            StorageAccountClientProvider = Provider(config),
            PartitionCount = durable.PartitionCount,
            WorkItemQueueVisibilityTimeout = durable.VisibilityTimeout,
            ControlQueueVisibilityTimeout = durable.VisibilityTimeout,
            MaxQueuePollingInterval = durable.MaxPollingInterval,
            MaxConcurrentTaskActivityWorkItems = durable.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = durable.MaxConcurrentOrchestrations,
            LeaseInterval = durable.PartitionLease,
            LeaseRenewInterval = durable.PartitionLease / 3,
            LeaseAcquireInterval = TimeSpan.FromSeconds(Math.Min(10, durable.PartitionLease.TotalSeconds / 3)),
            // Every process of this app is the same version: no app lease to hand over between them.
            UseAppLease = false,
            LoggerFactory = loggers,
        });
        var options = new DurableTaskWorkerOptions();
        Converter = options.DataConverter;
        var shims = new DurableTaskShimFactory(options, loggers);
        _worker = new TaskHubWorker(_service, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        _worker.AddTaskOrchestrations([.. functions.Orchestrators.Select(o => new Creator<TaskOrchestration>(o.Name,
            () => shims.CreateOrchestration(o.Name, (ITaskOrchestrator)Activator.CreateInstance(o.OrchestratorType)!, parent: null)))]);
        _worker.AddTaskActivities([.. functions.Activities.Select(a => new Creator<TaskActivity>(a.Name,
            () => shims.CreateActivity(a.Name, new MethodActivity(a.Method, invoker))))]);
    }

    public Microsoft.DurableTask.DataConverter Converter { get; }

    public IOrchestrationServiceClient ServiceClient => _service;

    public bool IsOpen => _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _storage.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!_started && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
                await _worker.StartAsync().ConfigureAwait(false);
                _started = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("The Durable task hub is not reachable yet ({Error}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Let running work items finish (their results are checkpointed), as the Functions host drains on shutdown.
        if (!_started) return;
        try { await _worker.StopAsync(isForced: false).WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown time is up: what still runs resumes from its last checkpoint on the next start.
            _logger.LogWarning("Durable work items were still running when the shutdown time ran out; they resume on the next start");
        }
    }

    /// <summary>The same account the rest of the app uses: a connection string, or service URIs and a credential.</summary>
    private static StorageAccountClientProvider Provider(IConfiguration config)
    {
        if (config["AzureWebJobsStorage"] is { Length: > 0 } connectionString) return new StorageAccountClientProvider(connectionString);
        var (table, queue, blob) = StorageSettings.ServiceUris(config);
        return new StorageAccountClientProvider(blob, queue, table, StorageSettings.Credential(config));
    }

    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = "";
            _create = create;
        }

        public override T Create() => _create();
    }
}
