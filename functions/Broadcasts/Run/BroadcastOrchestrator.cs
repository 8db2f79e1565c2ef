using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace WaFunctions.Broadcasts.Run;

/// <summary>The orchestration's input: which broadcast it drives (its instance id is the broadcast id too).</summary>
public sealed record BroadcastRun(string BroadcastId);

/// <summary>
/// One Durable orchestration per broadcast (instance id = broadcast id). It holds no business state: each step is the
/// <see cref="BroadcastSteps"/> activity, which decides from the stored broadcast what comes next and does it — send one
/// recipient, skip an opted-out one, or say how long to wait (the pacing delay, quiet hours, the daily cap, a number not
/// ready, a scheduled start, reports still outstanding). Waits are durable timers, cut short by a <see cref="WakeEvent"/>
/// (resume, a report that finished the last recipients or sent one back for a retry). Pause and resume suspend and resume
/// the instance; cancel terminates it. Deterministic by construction: time comes from the context, the random pacing
/// delay is drawn inside the activity (its result is in the history), and history stays short with
/// <c>ContinueAsNew</c> every <see cref="StepsPerGeneration"/> steps.
/// </summary>
public sealed class BroadcastOrchestrator : TaskOrchestrator<BroadcastRun, string>
{
    public const string Name = nameof(BroadcastOrchestrator);
    public const string WakeEvent = "wake";
    public const int StepsPerGeneration = 50;

    /// <summary>A step that keeps failing (storage down) is tried again after this long, for as long as it takes.</summary>
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(30);

    private static readonly TaskOptions StepRetry =
        TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(10)));

    /// <summary>The entry the Functions host calls; the local host runs the class directly.</summary>
    [Function(Name)]
    public static Task<string> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new BroadcastOrchestrator().RunAsync(context, context.GetInput<BroadcastRun>()!);

    public override async Task<string> RunAsync(TaskOrchestrationContext context, BroadcastRun run)
    {
        for (var steps = 0; steps < StepsPerGeneration; steps++)
        {
            BroadcastStep step;
            try { step = await context.CallActivityAsync<BroadcastStep>(BroadcastSteps.Name, run.BroadcastId, StepRetry); }
            catch (TaskFailedException) { step = BroadcastStep.WaitUntil(context.CurrentUtcDateTime + FailureBackoff); }
            if (step.Action == BroadcastStep.Stop) return "finished";
            if (step.Action == BroadcastStep.Wait) await WaitAsync(context, step.Until!.Value);
        }
        context.ContinueAsNew(run, preserveUnprocessedEvents: true);
        return "continued";
    }

    /// <summary>Until the timer fires or a wake event arrives, whichever is first.</summary>
    private static async Task WaitAsync(TaskOrchestrationContext context, DateTimeOffset until)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(until.UtcDateTime, cancel.Token);
        var wake = context.WaitForExternalEvent<bool>(WakeEvent, cancel.Token);
        await Task.WhenAny(timer, wake);
        cancel.Cancel();
    }

    public static Task StartAsync(DurableTaskClient client, string broadcastId, CancellationToken ct) =>
        client.ScheduleNewOrchestrationInstanceAsync(Name, new BroadcastRun(broadcastId), new StartOrchestrationOptions(broadcastId), ct);

    /// <summary>Best effort: a broadcast whose orchestration has finished or never started just ignores it.</summary>
    public static async Task WakeAsync(DurableTaskClient client, string broadcastId, CancellationToken ct)
    {
        try { await client.RaiseEventAsync(broadcastId, WakeEvent, true, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException) { /* nothing waits for it */ }
    }
}
