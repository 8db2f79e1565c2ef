namespace WaFunctions.Storage;

/// <summary>How message text is carried on the wire. The Functions host reads and writes base64.</summary>
public enum QueueMessageEncoding { None, Base64 }

public class QueueClientOptions : Azure.Core.ClientOptions
{
    internal const string ServiceVersion = "2021-12-02";
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}

public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset InsertionTime,
    DateTimeOffset ExpirationTime, DateTimeOffset TimeNextVisible);

public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);

/// <summary>A received message: invisible to others until <see cref="NextVisibleOn"/>; delete it with its pop receipt.</summary>
public sealed record QueueMessage(string MessageId, string PopReceipt, string MessageText, long DequeueCount,
    DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn);

public sealed record PeekedMessage(string MessageId, string MessageText, long DequeueCount,
    DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn);

public sealed record QueueProperties(int ApproximateMessagesCount);
