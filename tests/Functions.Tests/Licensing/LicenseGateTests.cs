using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

public class LicenseGateTests
{
    private static readonly string[] Methods = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] Modes = ["off", "warn", "enforce"];
    private static readonly string[] Statuses = [LicenseStatus.Valid, LicenseStatus.Expired, LicenseStatus.Invalid, LicenseStatus.Missing];

    public static TheoryData<string, string, string> Every()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in Methods)
            foreach (var mode in Modes)
                foreach (var status in Statuses)
                    data.Add(method, mode, status);
        return data;
    }

    internal static DefaultHttpContext Request(string method) => new() { Request = { Method = method } };

    [Theory]
    [MemberData(nameof(Every))]
    public void MethodModeAndStatus(string method, string mode, string status)
    {
        var (settings, state) = WithLicense(mode, status);
        var context = Request(method);
        var result = LicenseGate.Check(context, state, settings);

        var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var notValid = status != LicenseStatus.Valid;
        if (mode == "enforce" && write && notValid)
        {
            var locked = Assert.IsType<JsonHttpResult<LicenseLockedError>>(result);
            Assert.Equal(402, locked.StatusCode);
            Assert.Equal("license_locked", locked.Value!.Error);
            Assert.EndsWith("writes are locked, reads still work.", locked.Value.Message);
        }
        else
            Assert.Null(result);
        Assert.Equal(mode == "warn" && notValid, context.Response.Headers.ContainsKey(LicenseGate.WarningHeader));
    }

    [Theory]
    [InlineData(LicenseStatus.Expired, "The license expired on 2026-02-28T12:00:00Z; writes are locked, reads still work.")]
    [InlineData(LicenseStatus.Invalid, "The license is invalid (the signature does not match); writes are locked, reads still work.")]
    [InlineData(LicenseStatus.Missing, "No license is configured; writes are locked, reads still work.")]
    public async Task LockedResponseBody(string status, string message)
    {
        var (settings, state) = WithLicense("enforce", status);
        var context = Request("POST");
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        var body = new MemoryStream();
        context.Response.Body = body;

        await LicenseGate.Check(context, state, settings)!.ExecuteAsync(context);

        Assert.Equal(402, context.Response.StatusCode);
        Assert.StartsWith("application/json", context.Response.ContentType);
        using var json = JsonDocument.Parse(body.ToArray());
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        Assert.Equal("license_locked", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(message, json.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(LicenseStatus.Expired, "License expired on 2026-02-28T12:00:00Z")]
    [InlineData(LicenseStatus.Invalid, "License invalid: the signature does not match")]
    [InlineData(LicenseStatus.Missing, "License missing")]
    public void WarningHeader(string status, string warning)
    {
        var (settings, state) = WithLicense("warn", status);
        var context = Request("GET");
        Assert.Null(LicenseGate.Check(context, state, settings));
        Assert.Equal(warning, context.Response.Headers[LicenseGate.WarningHeader]);
    }

    [Fact]
    public async Task WarningSurvivesHeadersClearedBeforeTheResponseStarts()
    {
        var (settings, state) = WithLicense("warn", LicenseStatus.Missing);
        var response = new RecordingResponseFeature();
        var context = Request("POST");
        context.Features.Set<IHttpResponseFeature>(response);

        Assert.Null(LicenseGate.Check(context, state, settings));
        context.Response.Headers.Clear(); // as an exception handler does before writing its error
        await response.StartAsync();

        Assert.Equal("License missing", context.Response.Headers[LicenseGate.WarningHeader]);
    }

    /// <summary>A response feature that runs its OnStarting callbacks when told to, like a server does.</summary>
    private sealed class RecordingResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting) await callback(state);
        }
    }
}
