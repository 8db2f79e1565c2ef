using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Api;

/// <summary>Every list reads its parameters strictly: a cursor it did not hand out is a 400, and its filters filter.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListParametersTests(ApiFixture api)
{
    [Theory]
    [InlineData("api/v1/api-keys?cursor=garbage!!")]
    [InlineData("api/v1/api-keys?cursor=eA")]
    [InlineData("api/v1/webhooks?cursor=not-a-cursor")]
    [InlineData("api/v1/broadcasts?cursor=zzzz")]
    public async Task A_cursor_the_list_did_not_hand_out_is_400_naming_it(string path)
    {
        var response = await api.Send(HttpMethod.Get, path, ApiFixture.AdminKey);
        await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        Assert.Contains("'cursor'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_keys_page_through_every_key_once_with_the_cursor_they_hand_out()
    {
        var mine = new HashSet<string>();
        for (var i = 0; i < 3; i++) mine.Add((await api.NewKeyWithIdAsync(["chats:read"])).Id);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/api-keys?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", ApiFixture.AdminKey));
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        } while (cursor is not null);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), mine);
    }

    [Fact]
    public async Task Broadcasts_filter_by_status_and_by_number()
    {
        async Task<string> SessionAsync() => (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { name = "filters" })))
            .GetProperty("data").GetProperty("id").GetString()!;
        async Task<string> BroadcastAsync(string session) => (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/broadcasts", ApiFixture.AdminKey,
            new { name = "filters", sessionId = session, message = "hi", recipients = new[] { new { chatId = "4915100000009" } } })))
            .GetProperty("data").GetProperty("id").GetString()!;
        var (a, b) = (await SessionAsync(), await SessionAsync());
        var (onA, onB) = (await BroadcastAsync(a), await BroadcastAsync(b));
        await api.Send(HttpMethod.Post, $"api/v1/broadcasts/{onA}/cancel", ApiFixture.AdminKey);

        async Task<List<string>> ListAsync(string query) => (await ApiFixture.JsonAsync(await api.Send(HttpMethod.Get, $"api/v1/broadcasts?limit=50&{query}", ApiFixture.AdminKey)))
            .GetProperty("data").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList();
        Assert.Equal([onB], await ListAsync($"sessionId={b}"));
        Assert.Equal([onA], await ListAsync($"sessionId={a}&status=cancelled"));
        Assert.DoesNotContain(onB, await ListAsync("status=cancelled"));
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/broadcasts?status=done", ApiFixture.AdminKey), 400, "invalid_input");
    }
}
