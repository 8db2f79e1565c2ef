namespace WaFunctions.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline instead of sleeping a fixed time.</summary>
internal static class Wait
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        UntilAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}
