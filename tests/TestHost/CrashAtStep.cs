using WaFunctions.Broadcasts.Tick;

namespace WaFunctions.TestHost;

/// <summary>
/// Kills the process the first time a tick reaches step <c>WA_TEST_CRASH_AT_STEP</c> (1–7, see <see cref="TickStep"/>)
/// — the first time across processes: the file <c>WA_TEST_CRASH_MARKER</c> is created just before dying, and a process
/// that finds it never crashes. Registered only by this test host; the app's default does nothing.
/// </summary>
internal sealed class CrashAtStep(int step, string marker) : ITickFaults
{
    public static void Register(IServiceCollection services, IConfiguration config)
    {
        if (config["WA_TEST_CRASH_AT_STEP"] is { Length: > 0 } s && config["WA_TEST_CRASH_MARKER"] is { Length: > 0 } marker)
            services.AddSingleton<ITickFaults>(new CrashAtStep(int.Parse(s), marker));
    }

    public ValueTask AtAsync(TickStep at, string broadcastId, int index)
    {
        if ((int)at == step && !File.Exists(marker))
        {
            File.WriteAllText(marker, $"{broadcastId} {index} {at}");
            Environment.FailFast($"test crash at tick step {(int)at} ({at}) of {broadcastId} recipient {index}");
        }
        return ValueTask.CompletedTask;
    }
}
