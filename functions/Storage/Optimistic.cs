using Azure;

namespace WaFunctions.Storage;

/// <summary>
/// The one policy for optimistic concurrency. An attempt reads, decides and writes conditionally on what it read
/// (the row's ETag, or an insert that fails if the row exists). When that write loses a race — 412 (the row changed),
/// 409 (a row it meant to insert appeared) or 404 (the row it updates was deleted) — the whole attempt runs again on
/// fresh data, after a short pause with full jitter (up to 10, 20, 40 … 320 ms) so racers spread out. After
/// <see cref="MaxAttempts"/> lost races (about 1.5 s of heavy contention) it gives up with
/// <see cref="ConcurrencyConflictException"/>, which the API answers as 409 <c>conflict</c> and a queue handler as a
/// retry of its message. A conflict that means something else (a duplicate phone, say) must be handled inside the
/// attempt; only lost races may escape it.
/// </summary>
public static class Optimistic
{
    public const int MaxAttempts = 8;

    public static bool IsLostRace(RequestFailedException e) => e.Status is 409 or 412 or 404;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            try { return await attempt().ConfigureAwait(false); }
            catch (RequestFailedException e) when (IsLostRace(e))
            {
                if (tries == MaxAttempts) throw new ConcurrencyConflictException(e);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 10 << Math.Min(tries - 1, 5))), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static Task RetryAsync(Func<Task> attempt, CancellationToken cancellationToken) =>
        RetryAsync(async () => { await attempt().ConfigureAwait(false); return true; }, cancellationToken);
}

/// <summary>A read-modify-write kept losing races (see <see cref="Optimistic"/>); nothing of the last attempt was written.</summary>
public sealed class ConcurrencyConflictException(RequestFailedException last)
    : Exception("The data kept changing under this request; retry.", last);
