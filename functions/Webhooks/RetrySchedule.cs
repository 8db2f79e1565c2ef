namespace WaFunctions.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with full jitter. After attempt
/// <c>n</c> fails, the next waits a uniformly random time in [0, base × 4^(n-1)], the ceiling capped
/// at 24 × 60 × base. With the defaults (base 1 min, 8 attempts) the ceilings after attempts 1–7 are
/// 1 min, 4 min, 16 min, 64 min, 4 h 16 min, 17 h 4 min and 24 h: on average a delivery is given
/// up about 23 h after its first try (at most about 47 h), which the 7-day queue visibility limit allows.
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan Ceiling(int failedAttempt, TimeSpan retryBase)
    {
        var factor = Math.Pow(4, Math.Clamp(failedAttempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(retryBase.Ticks * factor, retryBase.Ticks * 24.0 * 60));
    }

    /// <summary>The delay before the attempt after <paramref name="failedAttempt"/>; <paramref name="random01"/> is in [0, 1).</summary>
    public static TimeSpan Delay(int failedAttempt, TimeSpan retryBase, double random01) =>
        TimeSpan.FromTicks((long)(Ceiling(failedAttempt, retryBase).Ticks * random01));
}
