// Shared by the benchmarks (compiled into each): Azurite on free ports, the functions
// app and the engine-host as separate processes, and small statistics helpers. Benchmarks only:
// they print figures and assert nothing.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WaFunctions.Storage;

namespace WaFunctions.Bench;

internal static class BenchHost
{
    public const string AdminKey = "lw_live_benchadmin0000000000000000000000";

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "WaFunctions.sln"))) return d.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }

    public static int[] FreePorts(int n)
    {
        var listeners = Enumerable.Range(0, n).Select(_ => { var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); return l; }).ToList();
        var result = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return result;
    }

    public static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 600; i++)
        {
            using var c = new TcpClient();
            try { await c.ConnectAsync("127.0.0.1", port); return; } catch (SocketException) { await Task.Delay(100); }
        }
        throw new TimeoutException($"Nothing listens on {port}.");
    }

    /// <summary>Polls <paramref name="probe"/> every <paramref name="every"/> until true (readiness, not timing).</summary>
    public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what, int everyMs = 100)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(everyMs);
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> of an ascending list (nearest rank).</summary>
    public static double P(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Resident set size of a process in KiB, from /proc/&lt;pid&gt;/status VmRSS.</summary>
    public static long RssKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A child process whose output is drained into a bounded tail (shown if it dies).</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    public Child(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? BenchHost.Root,
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Tail
    {
        get { lock (_tail) return string.Join('\n', _tail); }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40) _tail.Dequeue();
        }
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}

/// <summary>Azurite (from the repo's node_modules) on free ports with a throw-away data directory.</summary>
internal sealed class Azurite : IDisposable
{
    private readonly Child _child;
    private readonly string _dataDir;

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The app's own SDK clients, straight to Azurite.</summary>
    public StorageClients Storage { get; }

    private Azurite(Child child, string dataDir, int blobPort, int queuePort, int tablePort)
    {
        _child = child;
        _dataDir = dataDir;
        (BlobPort, QueuePort, TablePort) = (blobPort, queuePort, tablePort);
        Storage = StorageClients.FromConnectionString(ConnectionString);
    }

    /// <summary>The development account at these ports (also how a benchmark points the app at a proxy in front of Azurite).</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1";

    public static async Task<Azurite> StartAsync()
    {
        var ports = BenchHost.FreePorts(3);
        var dataDir = Directory.CreateTempSubdirectory("azurite-bench-").FullName;
        var child = new Child(Path.Combine(BenchHost.Root, "node_modules", ".bin", "azurite"),
            ["--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", dataDir,
             "--blobPort", $"{ports[0]}", "--queuePort", $"{ports[1]}", "--tablePort", $"{ports[2]}"],
            new Dictionary<string, string>());
        foreach (var port in ports) await BenchHost.WaitForPortAsync(port);
        return new Azurite(child, dataDir, ports[0], ports[1], ports[2]);
    }

    public void Dispose()
    {
        _child.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The Release-built functions app (<c>dotnet functions/bin/Release/net10.0/WaFunctions.dll</c>) as its own process.</summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Child _child;
    public HttpClient Http { get; }
    public int Pid => _child.Pid;

    private AppProcess(Child child, int port)
    {
        _child = child;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public static async Task<AppProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? extra = null)
    {
        var dll = Path.Combine(BenchHost.Root, "functions", "bin", "Release", "net10.0", "WaFunctions.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the app first: dotnet build -c Release functions", dll);
        var port = BenchHost.FreePorts(1)[0];
        var env = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = connectionString, ["WA_PORT"] = $"{port}", ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
            ["WA_ADMIN_KEY"] = BenchHost.AdminKey, ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        var app = new AppProcess(new Child("dotnet", [dll], env), port);
        await BenchHost.UntilAsync(async () =>
        {
            if (app._child.HasExited) throw new InvalidOperationException("The functions app exited:\n" + app._child.Tail);
            try { return (await app.Http.GetAsync("api/v1/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(90), "the functions app to be ready");
        return app;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", key);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        return request;
    }

    public async Task<System.Text.Json.JsonElement> JsonAsync(HttpMethod method, string path, string key, object? body = null)
    {
        HttpResponseMessage sent;
        try { sent = await Http.SendAsync(Request(method, path, key, body)); }
        catch (HttpRequestException) when (_child.HasExited)
        {
            throw new InvalidOperationException($"{method} {path}: the functions app exited:\n" + _child.Tail);
        }
        using var response = sent;
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose()
    {
        Http.Dispose();
        _child.Dispose();
    }
}
