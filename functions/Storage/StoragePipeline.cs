using System.Text.Json;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace WaFunctions.Storage;

/// <summary>
/// The Azure.Core pipeline both clients share: retries with backoff for transient faults
/// (408, 429, 500, 502, 503, 504 and network errors), request logging with secrets redacted,
/// then authentication (Shared Key or a bearer token for the storage audience).
/// </summary>
internal static class StoragePipeline
{
    private const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Build(StorageAccount account, ClientOptions options, SharedKeyPolicy.Service service)
    {
        HttpPipelinePolicy auth = account.SharedKey is { } key
            ? new SharedKeyPolicy(key, service)
            : new BearerTokenAuthenticationPolicy(account.Token ?? throw new InvalidOperationException("The storage account has no credential."), StorageScope);
        return HttpPipelineBuilder.Build(options, perCallPolicies: [], perRetryPolicies: [auth], new ResponseClassifier());
    }

    /// <summary>
    /// One exception type for every failure: the HTTP status plus the service's error code
    /// (<c>x-ms-error-code</c>, or the code inside the JSON/XML error body).
    /// </summary>
    public static RequestFailedException Failure(Response response)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        var message = response.ReasonPhrase;
        var body = response.Content?.ToString() ?? "";
        try
        {
            if (body.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("odata.error", out var error))
                {
                    code ??= error.GetProperty("code").GetString();
                    message = error.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v) ? v.GetString() ?? message : message;
                }
            }
            else if (body.StartsWith('<') || body.StartsWith('\uFEFF'))
            {
                var root = XDocument.Parse(body.TrimStart('\uFEFF')).Root;
                code ??= root?.Element("Code")?.Value;
                message = root?.Element("Message")?.Value ?? message;
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException or KeyNotFoundException)
        {
            // A body we cannot read still leaves the status and header code to report.
        }
        return new RequestFailedException(response.Status, $"{response.Status} {code}: {message}", code, null);
    }

    public static async ValueTask<Response> SendAsync(HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.IsError) throw Failure(response);
        return response;
    }

    public static ETag ETagOf(Response response) =>
        response.Headers.ETag ?? default;
}

public static class StorageFault
{
    /// <summary>
    /// True for failures of storage itself: a service error, or a network fault (which Azure.Core
    /// reports as an <see cref="AggregateException"/> once its retries are spent).
    /// </summary>
    public static bool Is(Exception e) => e switch
    {
        RequestFailedException or HttpRequestException or IOException => true,
        AggregateException a => a.InnerExceptions.All(Is),
        _ => false,
    };
}
