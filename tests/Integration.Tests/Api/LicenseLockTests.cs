using System.Net;
using System.Security.Cryptography;
using WaFunctions.Licensing;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Api;

/// <summary>The license lock in a real app process: reads always work; writes are locked in enforce mode.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LicenseLockTests(AzuriteFixture azurite)
{
    private const string AdminKey = "lw_live_LicenseTestAdmin0000000000000000";

    private async Task<FunctionsProcess> StartAsync(string mode, string? token, ECDsa publicKey)
    {
        var app = FunctionsProcess.Start("WaFunctions", azurite.ConnectionString, new Dictionary<string, string?>(FunctionsProcess.FastQueues)
        {
            ["WA_ADMIN_KEY"] = AdminKey,
            ["WA_LICENSE_MODE"] = mode,
            ["WA_LICENSE_PUBLIC_KEY"] = publicKey.ExportSubjectPublicKeyInfoPem(),
            ["WA_LICENSE_KEY"] = token,
        });
        await app.WaitUntilReadyAsync();
        await Wait.UntilAsync(async () => (await Send(app, HttpMethod.Get, "api/v1/license")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the admin key");
        return app;
    }

    private static Task<HttpResponseMessage> Send(FunctionsProcess app, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", AdminKey);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        return app.Http.SendAsync(request);
    }

    private static string Mint(ECDsa key, DateTimeOffset expiresAt) => LicenseToken.Mint(new LicensePayload("Acme Ltd", "business", expiresAt), key);

    [Fact]
    public async Task Enforce_with_an_expired_license_locks_writes_but_not_reads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var app = await StartAsync("enforce", Mint(key, DateTimeOffset.UtcNow.AddDays(-1)), key);

        var license = await ApiFixture.JsonAsync(await Send(app, HttpMethod.Get, "api/v1/license"));
        Assert.Equal("expired", license.GetProperty("status").GetString());
        Assert.Equal("enforce", license.GetProperty("mode").GetString());
        Assert.Equal("Acme Ltd", license.GetProperty("licensee").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Send(app, HttpMethod.Get, "api/v1/api-keys?limit=1")).StatusCode);
        await ApiFixture.AssertErrorAsync(await Send(app, HttpMethod.Post, "api/v1/api-keys", new { name = "x", scopes = new[] { "chats:read" } }), 402, "license_locked");
        await ApiFixture.AssertErrorAsync(await Send(app, HttpMethod.Delete, "api/v1/api-keys/k_0000000000000000"), 402, "license_locked");
    }

    [Fact]
    public async Task Enforce_with_a_license_signed_by_another_key_locks_writes_and_a_valid_one_does_not()
    {
        using var ours = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using (var forged = await StartAsync("enforce", Mint(forger, DateTimeOffset.UtcNow.AddYears(1)), ours))
        {
            Assert.Equal("invalid", (await ApiFixture.JsonAsync(await Send(forged, HttpMethod.Get, "api/v1/license"))).GetProperty("status").GetString());
            await ApiFixture.AssertErrorAsync(await Send(forged, HttpMethod.Post, "api/v1/api-keys", new { name = "x", scopes = new[] { "chats:read" } }), 402, "license_locked");
        }
        await using var valid = await StartAsync("enforce", Mint(ours, DateTimeOffset.UtcNow.AddYears(1)), ours);
        Assert.Equal(HttpStatusCode.Created, (await Send(valid, HttpMethod.Post, "api/v1/api-keys", new { name = "x", scopes = new[] { "chats:read" } })).StatusCode);
    }

    [Fact]
    public async Task Warn_mode_lets_writes_through_with_a_warning_header()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var app = await StartAsync("warn", token: null, key);
        var response = await Send(app, HttpMethod.Post, "api/v1/api-keys", new { name = "x", scopes = new[] { "chats:read" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-License-Warning").Single()));
    }
}
