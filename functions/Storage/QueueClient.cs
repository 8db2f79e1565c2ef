using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace WaFunctions.Storage;

/// <summary>
/// A client for one queue, speaking the Queue service REST API (XML). Shaped after
/// <c>Azure.Storage.Queues.QueueClient</c>. Each method is one HTTP round trip.
/// </summary>
public class QueueClient
{
    private readonly HttpPipeline _pipeline = null!;
    private readonly QueueMessageEncoding _encoding;

    public string Name { get; } = "";
    public Uri Uri { get; } = null!;

    /// <summary>For substitutes in tests.</summary>
    protected QueueClient() { }

    public QueueClient(string connectionString, string queueName, QueueClientOptions? options = null)
        : this(StorageAccount.Parse(connectionString), queueName, options) { }

    public QueueClient(StorageAccount account, string queueName, QueueClientOptions? options = null)
    {
        if (queueName.Length is < 3 or > 63 || !queueName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || queueName.StartsWith('-') || queueName.EndsWith('-') || queueName.Contains("--"))
            throw new ArgumentException("A queue name is 3-63 lowercase letters, digits and single hyphens.", nameof(queueName));
        options ??= new QueueClientOptions();
        Name = queueName;
        Uri = new Uri(account.QueueEndpoint.AbsoluteUri.TrimEnd('/') + "/" + queueName);
        _encoding = options.MessageEncoding;
        _pipeline = StoragePipeline.Build(account, options, SharedKeyPolicy.Service.Queue);
    }

    public virtual async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Put, "");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        // 201 created, 204 already exists with the same metadata.
        if (message.Response.IsError && message.Response.Status != 409) throw StoragePipeline.Failure(message.Response);
        return message.Response;
    }

    public virtual async Task<Response> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, "");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.IsError && message.Response.Status != 404) throw StoragePipeline.Failure(message.Response);
        return message.Response;
    }

    /// <summary>
    /// Adds a message that becomes visible after <paramref name="visibilityTimeout"/> (up to 7 days)
    /// and expires after <paramref name="timeToLive"/> (default 7 days; <c>TimeSpan.FromSeconds(-1)</c> never).
    /// </summary>
    public virtual async Task<Response<SendReceipt>> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null,
        TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (visibilityTimeout is { } v) query.Add("visibilitytimeout=" + Seconds(v));
        if (timeToLive is { } ttl) query.Add("messagettl=" + Seconds(ttl));
        using var message = NewMessage(RequestMethod.Post, "/messages", query);
        WithText(message, messageText);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        var m = Messages(response).Single();
        return Response.FromValue(new SendReceipt(Text(m, "MessageId"), Text(m, "PopReceipt"), Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"), Date(m, "TimeNextVisible")), response);
    }

    /// <summary>Receives up to 32 messages, each hidden from other receivers for <paramref name="visibilityTimeout"/>.</summary>
    public virtual async Task<Response<QueueMessage[]>> ReceiveMessagesAsync(int? maxMessages = null, TimeSpan? visibilityTimeout = null,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (maxMessages is { } n) query.Add("numofmessages=" + n);
        if (visibilityTimeout is { } v) query.Add("visibilitytimeout=" + Seconds(v));
        using var message = NewMessage(RequestMethod.Get, "/messages", query);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        var result = Messages(response).Select(m => new QueueMessage(Text(m, "MessageId"), Text(m, "PopReceipt"),
            Decode(Text(m, "MessageText")), long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Date(m, "InsertionTime"), Date(m, "ExpirationTime"), Date(m, "TimeNextVisible"))).ToArray();
        return Response.FromValue(result, response);
    }

    public virtual async Task<Response<PeekedMessage[]>> PeekMessagesAsync(int? maxMessages = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string> { "peekonly=true" };
        if (maxMessages is { } n) query.Add("numofmessages=" + n);
        using var message = NewMessage(RequestMethod.Get, "/messages", query);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        var result = Messages(response).Select(m => new PeekedMessage(Text(m, "MessageId"), Decode(Text(m, "MessageText")),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture), Date(m, "InsertionTime"), Date(m, "ExpirationTime"))).ToArray();
        return Response.FromValue(result, response);
    }

    /// <summary>Changes when a received message becomes visible again (and optionally its text); returns the new pop receipt.</summary>
    public virtual async Task<Response<UpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, string? messageText = null,
        TimeSpan visibilityTimeout = default, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Put, "/messages/" + Uri.EscapeDataString(messageId),
            ["popreceipt=" + Uri.EscapeDataString(popReceipt), "visibilitytimeout=" + Seconds(visibilityTimeout)]);
        if (messageText is not null) WithText(message, messageText);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-popreceipt", out var receipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out var next);
        return Response.FromValue(new UpdateReceipt(receipt ?? "", DateTimeOffset.Parse(next ?? "", CultureInfo.InvariantCulture)), response);
    }

    public virtual async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, "/messages/" + Uri.EscapeDataString(messageId),
            ["popreceipt=" + Uri.EscapeDataString(popReceipt)]);
        return await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<Response<QueueProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Get, "", ["comp=metadata"]);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count);
        return Response.FromValue(new QueueProperties(int.Parse(count ?? "0", CultureInfo.InvariantCulture)), response);
    }

    private HttpMessage NewMessage(RequestMethod method, string path, IReadOnlyList<string>? query = null)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        var q = query is { Count: > 0 } ? "?" + string.Join("&", query) : "";
        message.Request.Uri.Reset(new Uri(Uri.AbsoluteUri + path + q));
        message.Request.Headers.SetValue("x-ms-version", QueueClientOptions.ServiceVersion);
        return message;
    }

    private void WithText(HttpMessage message, string text)
    {
        var wire = _encoding == QueueMessageEncoding.Base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : text;
        var xml = new XElement("QueueMessage", new XElement("MessageText", wire)).ToString(SaveOptions.DisableFormatting);
        message.Request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml));
    }

    private string Decode(string wire) =>
        _encoding == QueueMessageEncoding.Base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(wire)) : wire;

    private static IEnumerable<XElement> Messages(Response response) =>
        XDocument.Parse(response.Content.ToString().TrimStart('\uFEFF')).Root?.Elements("QueueMessage") ?? [];

    private static string Text(XElement m, string name) => m.Element(name)?.Value ?? "";

    private static DateTimeOffset Date(XElement m, string name) =>
        DateTimeOffset.Parse(Text(m, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Seconds(TimeSpan t) => ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
