using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace WaFunctions.Webhooks;

/// <summary>What one POST to a receiver came to. <see cref="Status"/> is null when no response arrived.</summary>
public sealed record SendResult(int? Status, long DurationMs, string? ResponseBody, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// POSTs one signed event to one receiver, once: Standard Webhooks headers, a 10 s budget for the
/// whole exchange, and at most the first 1 KiB of the answer kept for the log. Never throws for
/// what the receiver or the network does; the caller decides about retries.
/// </summary>
public sealed class WebhookSender(WebhookHttp http, WebhookSettings settings, TimeProvider clock)
{
    public const int ResponseBodyLimit = 1024;

    public async Task<SendResult> SendAsync(Webhook webhook, string eventId, string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", eventId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(webhook.SigningSecrets(clock.GetUtcNow()), eventId, timestamp, bytes));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var prefix = await ReadPrefixAsync(response, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var error = status is >= 300 and < 400 ? "Redirects are not followed; the receiver must answer 2xx." : null;
            return new SendResult(status, watch.ElapsedMilliseconds, prefix, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(null, watch.ElapsedMilliseconds, null, $"No answer within {settings.RequestTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            var reason = FindRefusal(e)?.Message ?? $"The connection failed ({e.HttpRequestError}).";
            return new SendResult(null, watch.ElapsedMilliseconds, null, reason);
        }
    }

    private static TargetRefusedException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException) if (e is TargetRefusedException t) return t;
        return null;
    }

    private static async Task<string?> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[ResponseBodyLimit];
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false) is var n and > 0) read += n;
            return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException) { return null; }
    }
}
