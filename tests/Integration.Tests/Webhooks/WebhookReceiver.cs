using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Webhooks;

/// <summary>One request a receiver got, exactly as it arrived.</summary>
internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string WebhookId => Headers["webhook-id"];
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// A webhook receiver on 127.0.0.1 and a free port. Every request is recorded. Each path answers
/// 200 unless told otherwise: <see cref="Plan"/> gives the statuses of its next requests (the last
/// one repeating), <see cref="Delay"/> how long to wait before answering.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _plans = new();
    private readonly ConcurrentDictionary<string, int> _lastStatus = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly Task _loop;

    public string BaseUrl { get; }

    public WebhookReceiver()
    {
        var port = FreePorts.Take(1)[0];
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url(string path) => BaseUrl + path;

    public void Plan(string path, params int[] statuses)
    {
        _plans[path] = new ConcurrentQueue<int>(statuses);
        _lastStatus[path] = statuses[^1];
    }

    public void Delay(string path, TimeSpan delay) => _delays[path] = delay;

    public IReadOnlyList<ReceivedRequest> On(string path) => _received.Where(r => r.Path == path).OrderBy(r => r.At).ToList();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
            _received.Enqueue(new ReceivedRequest(path, headers, body.ToArray(), DateTimeOffset.UtcNow));
            if (_delays.TryGetValue(path, out var delay)) await Task.Delay(delay);
            var status = _plans.TryGetValue(path, out var plan) && plan.TryDequeue(out var next) ? next : _lastStatus.GetValueOrDefault(path, 200);
            context.Response.StatusCode = status;
            var answer = System.Text.Encoding.UTF8.GetBytes($"answered {status} " + new string('r', 2000));
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
