using System.Net.Http.Json;

namespace WaFunctions.Tests.Infrastructure;

/// <summary>
/// A functions host started as a real process (the app itself, or the test host that adds
/// test-controlled functions), on a free port, against the given storage.
/// </summary>
internal sealed class FunctionsProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    public int Port { get; }
    public HttpClient Http { get; }
    public ChildProcess Process => _process;

    private FunctionsProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    /// <summary>Fast queue settings so retries and lease expiry take seconds, not minutes.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastQueues = new Dictionary<string, string?>
    {
        ["WA_QUEUE_LEASE_SECONDS"] = "2",
        ["WA_QUEUE_MAX_POLL_MS"] = "200",
    };

    public static FunctionsProcess Start(string app, string storageConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePorts.Take(1)[0];
        var env = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["WA_PORT"] = port.ToString(),
            ["WA_SETTINGS_FILE"] = "/nonexistent/local.settings.json",
            // An answer the API description does not list fails the request, so every test also checks the description.
            ["WA_VERIFY_ANSWERS"] = "true",
        };
        foreach (var (k, v) in settings ?? FastQueues) env[k] = v;
        if (env.TryGetValue("FUNCTIONS_CUSTOMHANDLER_PORT", out var handlerPort) && handlerPort is not null) port = int.Parse(handlerPort);
        var process = ChildProcess.Start("dotnet", [AppPath(app)], env);
        return new FunctionsProcess(process, port);
    }

    /// <summary>The built assembly of <paramref name="app"/> ("WaFunctions" or "TestHost") in the configuration the tests were built in.</summary>
    public static string AppPath(string app)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var project = app == "WaFunctions" ? Path.Combine(RepoPaths.Root, "functions") : Path.Combine(RepoPaths.Root, "tests", app);
        var path = Path.Combine(project, "bin", configuration, "net10.0", app + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {app} first.", path);
    }

    public async Task WaitUntilReadyAsync()
    {
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException("The functions host exited:\n" + _process.Output);
            try { return (await Http.GetAsync("api/v1/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "the functions host to be ready");
    }

    public async Task<T?> GetJsonAsync<T>(string path) => await Http.GetFromJsonAsync<T>(path);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
