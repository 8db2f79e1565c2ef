using System.Collections.Concurrent;
using System.Net;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Messaging;

/// <summary>
/// A file server on 127.0.0.1 for media URLs: <c>/files/{name}</c> serves what <see cref="Serve"/> registered,
/// <c>/redirect?to=…</c> answers 302, <c>/loop</c> redirects to itself, <c>/status/{code}</c> answers that status,
/// <c>/slow</c> never answers in time, <c>/chunked/{bytes}</c> streams that many bytes as image/jpeg without a length.
/// </summary>
internal sealed class MediaServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string? Type)> _files = new();
    private readonly Task _loop;

    public string BaseUrl { get; }

    public MediaServer()
    {
        BaseUrl = $"http://127.0.0.1:{FreePorts.Take(1)[0]}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Serve(string name, byte[] bytes, string? type)
    {
        _files[name] = (bytes, type);
        return $"{BaseUrl}/files/{name}";
    }

    public string Url(string path) => BaseUrl + path;

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
        var response = context.Response;
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            if (path.StartsWith("/files/", StringComparison.Ordinal) && _files.TryGetValue(path["/files/".Length..], out var file))
            {
                if (file.Type is not null) response.ContentType = file.Type;
                response.ContentLength64 = file.Bytes.Length;
                await response.OutputStream.WriteAsync(file.Bytes);
            }
            else if (path == "/redirect")
            {
                response.StatusCode = 302;
                response.RedirectLocation = context.Request.QueryString["to"];
            }
            else if (path == "/loop")
            {
                response.StatusCode = 302;
                response.RedirectLocation = "/loop";
            }
            else if (path.StartsWith("/status/", StringComparison.Ordinal)) response.StatusCode = int.Parse(path["/status/".Length..]);
            else if (path == "/slow") await Task.Delay(TimeSpan.FromSeconds(15));
            else if (path.StartsWith("/chunked/", StringComparison.Ordinal))
            {
                response.ContentType = "image/jpeg";
                response.SendChunked = true;
                var left = long.Parse(path["/chunked/".Length..]);
                var block = new byte[64 * 1024];
                block[0] = 0xFF; block[1] = 0xD8; block[2] = 0xFF;
                while (left > 0)
                {
                    var n = (int)Math.Min(block.Length, left);
                    await response.OutputStream.WriteAsync(block.AsMemory(0, n));
                    left -= n;
                }
            }
            else response.StatusCode = 404;
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
