namespace WaFunctions.Hosting;

/// <summary>Runs a timer function at each occurrence of its schedule; a failed run is logged and the next one still happens.</summary>
internal sealed class TimerRunner(TimerFunction function, StorageInitializer initializer, QueueFunctionRunner runner,
    TimeProvider clock, ILogger<TimerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = NcrontabSchedule.Parse(function.Schedule);
        await initializer.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            try { await Task.Delay(schedule.GetNextOccurrence(now) - now, clock, stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            try { await runner.RunAsync(function, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception e) { logger.LogError(e, "Timer {Function} failed", function.Name); }
        }
    }
}
