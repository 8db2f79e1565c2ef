using Microsoft.Azure.Functions.Worker;
using WaFunctions.Storage;

namespace WaFunctions.LocalHost;

/// <summary>
/// Runs a timer function at each occurrence of its schedule, telling it (as the Functions host does) which occurrence it
/// runs for and the next one; a failed run is logged and the next one still happens.
/// </summary>
internal sealed class TimerListener(TimerFunction function, StorageInitializer initializer, FunctionInvoker invoker,
    TimeProvider clock, ILogger<TimerListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = NcrontabSchedule.Parse(function.Schedule);
        await initializer.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var occurrence = schedule.GetNextOccurrence(now);
            try { await Task.Delay(occurrence - now, clock, stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            var timer = new TimerInfo
            {
                ScheduleStatus = new ScheduleStatus
                {
                    Last = occurrence.UtcDateTime, Next = schedule.GetNextOccurrence(occurrence).UtcDateTime, LastUpdated = clock.GetUtcNow().UtcDateTime,
                },
            };
            try { await invoker.InvokeAsync(function.Method, timer, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception e) { logger.LogError(e, "Timer {Function} failed", function.Name); }
        }
    }
}
