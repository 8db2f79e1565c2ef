using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Engine;

[Collection(ApiCollection.Name)]
public sealed class MessagesApiTests(ApiFixture api)
{
    private readonly EngineEventsTests _events = new(api);

    private async Task<HttpResponseMessage> PostAsync(string key, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/messages") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await api.App.Http.SendAsync(request);
    }

    [Fact]
    public async Task Invalid_recipients_and_texts_are_400_naming_the_field()
    {
        var key = await api.NewKeyAsync(["messages:write"]);
        foreach (var (body, field) in new (object, string)[]
        {
            (new { text = "hi" }, "'to'"),
            (new { to = "1234", text = "hi" }, "'to'"),
            (new { to = "919812345678@example.com", text = "hi" }, "'to'"),
            (new { to = "919812345678" }, "'text'"),
            (new { to = "919812345678", text = "  " }, "'text'"),
            (new { to = "919812345678", text = new string('x', 4097) }, "'text'"),
        })
        {
            var response = await PostAsync(key, body);
            await ApiFixture.AssertErrorAsync(response, 400, "invalid_input");
        }
        var message = (await ApiFixture.JsonAsync(await PostAsync(key, new { to = "12" , text = "hi" }))).GetProperty("message").GetString();
        Assert.Contains("'to'", message);
    }

    [Fact]
    public async Task A_given_number_that_is_not_ready_is_409_no_ready_session()
    {
        var created = await ApiFixture.JsonAsync(await api.Send(HttpMethod.Post, "api/v1/sessions", ApiFixture.AdminKey, new { }));
        var id = created.GetProperty("data").GetProperty("id").GetString();
        await ApiFixture.AssertErrorAsync(await PostAsync(ApiFixture.AdminKey, new { to = "919812345678", text = "hi", from = id }), 409, "no_ready_session");
        await ApiFixture.AssertErrorAsync(await PostAsync(ApiFixture.AdminKey, new { to = "919812345678", text = "hi", from = "nnosuch" }), 409, "no_ready_session");
    }

    [Fact]
    public async Task Scopes_send_needs_messages_write_and_reading_status_needs_chats_read()
    {
        var reader = await api.NewKeyAsync(["chats:read"]);
        var sender = await api.NewKeyAsync(["messages:write"]);
        await ApiFixture.AssertErrorAsync(await PostAsync(reader, new { to = "919812345678", text = "hi" }), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/messages/3EB0ABC", sender), 403, "insufficient_scope");
        await ApiFixture.AssertErrorAsync(await api.Send(HttpMethod.Get, "api/v1/messages/3EB0NOSUCH", reader), 404, "not_found");
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_returns_the_first_answer_and_sends_once()
    {
        var sessionId = await _events.ReadySessionAsync(EngineEventsTests.Phone());
        var key = await api.NewKeyAsync(["messages:write"]);
        var body = new { to = EngineEventsTests.Phone(), text = "once only", from = sessionId };
        var idem = Guid.NewGuid().ToString();

        // Concurrent duplicates: one sends, the others replay its answer or are told it is in progress.
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(key, body, idem)));
        var answers = new List<string>();
        foreach (var r in responses)
        {
            if (r.StatusCode == HttpStatusCode.Conflict) { await ApiFixture.AssertErrorAsync(r, 409, "request_in_progress"); continue; }
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            answers.Add((await ApiFixture.JsonAsync(r)).GetProperty("id").GetString()!);
        }
        var retry = await PostAsync(key, body, idem);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        answers.Add((await ApiFixture.JsonAsync(retry)).GetProperty("id").GetString()!);
        Assert.Single(answers.Distinct());

        // Another key with the same Idempotency-Key is a different request; a new key sends anew.
        var other = await PostAsync(await api.NewKeyAsync(["messages:write"]), body, idem);
        Assert.NotEqual(answers[0], (await ApiFixture.JsonAsync(other)).GetProperty("id").GetString());
        var fresh = await PostAsync(key, body, Guid.NewGuid().ToString());
        Assert.NotEqual(answers[0], (await ApiFixture.JsonAsync(fresh)).GetProperty("id").GetString());
        // The same key for a different body is refused.
        await ApiFixture.AssertErrorAsync(await PostAsync(key, new { to = body.to, text = "different", from = sessionId }, idem), 422, "idempotency_key_reused");
    }
}
