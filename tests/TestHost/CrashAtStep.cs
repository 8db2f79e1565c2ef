using WaFunctions.Broadcasts.Run;

namespace WaFunctions.TestHost;

/// <summary>
/// Kills the process the first time a broadcast send reaches step <c>WA_TEST_CRASH_AT_STEP</c> (1–5, see
/// <see cref="SendStep"/>) — the first time across processes: the file <c>WA_TEST_CRASH_MARKER</c> is created just
/// before dying, and a process that finds it never crashes. Registered only by this test host; the app's default does nothing.
/// </summary>
internal sealed class CrashAtStep(int step, string marker) : ISendFaults
{
    public static void Register(IServiceCollection services, IConfiguration config)
    {
        if (config["WA_TEST_CRASH_AT_STEP"] is { Length: > 0 } s && config["WA_TEST_CRASH_MARKER"] is { Length: > 0 } marker)
            services.AddSingleton<ISendFaults>(new CrashAtStep(int.Parse(s), marker));
    }

    public ValueTask AtAsync(SendStep at, string broadcastId, int index)
    {
        if ((int)at == step && !File.Exists(marker))
        {
            File.WriteAllText(marker, $"{broadcastId} {index} {at}");
            Environment.FailFast($"test crash at send step {(int)at} ({at}) of {broadcastId} recipient {index}");
        }
        return ValueTask.CompletedTask;
    }
}
