using Azure;

namespace WaFunctions.Storage;

public static class StorageFault
{
    /// <summary>
    /// True for failures of storage itself: a service error, or a network fault (which Azure.Core reports as an
    /// <see cref="AggregateException"/> once its retries are spent, or as a cancellation when a network timeout passed:
    /// see <see cref="TimedOut"/>).
    /// </summary>
    public static bool Is(Exception e) => e switch
    {
        RequestFailedException or HttpRequestException or IOException => true,
        OperationCanceledException o => TimedOut(o),
        AggregateException a => a.InnerExceptions.All(Is),
        _ => false,
    };

    /// <summary>Storage could not be reached or failed on its side (as opposed to refusing this request: 4xx).</summary>
    public static bool IsOutage(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or >= 500,
        HttpRequestException or IOException => true,
        OperationCanceledException o => TimedOut(o),
        AggregateException a => a.InnerExceptions.All(IsOutage),
        _ => false,
    };

    /// <summary>
    /// A cancellation nobody asked for. Azure.Core reports its network timeout as a cancellation wrapping whatever the
    /// cut-off request threw (a cancelled socket read, a disposed stream, another cancellation: it varies with the
    /// moment), and HttpClient's own timeout wraps a <see cref="TimeoutException"/>; a cancellation the caller's token
    /// asked for is thrown bare. Were a timeout taken for a wanted cancellation, a storage that stalls for half a minute
    /// would stop the local host's queue listeners, and with them the process.
    /// </summary>
    private static bool TimedOut(OperationCanceledException e) => e.InnerException is not null;
}
