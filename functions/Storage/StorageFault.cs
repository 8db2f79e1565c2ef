using Azure;

namespace WaFunctions.Storage;

public static class StorageFault
{
    /// <summary>
    /// True for failures of storage itself: a service error, or a network fault (which Azure.Core reports as an
    /// <see cref="AggregateException"/> once its retries are spent, or as a cancellation carrying a
    /// <see cref="TimeoutException"/> when the network timeout passed).
    /// </summary>
    public static bool Is(Exception e) => e switch
    {
        RequestFailedException or HttpRequestException or IOException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        AggregateException a => a.InnerExceptions.All(Is),
        _ => false,
    };

    /// <summary>Storage could not be reached or failed on its side (as opposed to refusing this request: 4xx).</summary>
    public static bool IsOutage(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or >= 500,
        HttpRequestException or IOException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        AggregateException a => a.InnerExceptions.All(IsOutage),
        _ => false,
    };
}
