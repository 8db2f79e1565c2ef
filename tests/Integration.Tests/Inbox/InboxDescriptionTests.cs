using System.Net;
using System.Text.Json;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Inbox;

/// <summary>
/// The inbox's part of the API description: what a generated client needs to call it without reading the code — the
/// filters' choices, the answers' named schemas and the error codes beyond the common ones.
/// </summary>
[Collection(InboxCollection.Name)]
public sealed class InboxDescriptionTests(InboxFixture inbox)
{
    private async Task<JsonElement> DocumentAsync()
    {
        var response = await inbox.Send(HttpMethod.Get, "api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiFixture.JsonAsync(response);
    }

    private static IEnumerable<string?> Enum(JsonElement schema) => schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString());

    [Fact]
    public async Task Filters_answers_and_error_codes_of_the_inbox_are_described()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        JsonElement Parameter(string path, string name) =>
            paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        string Answer(string path, string method, string status) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status).GetProperty("content")
                .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!.Split('/')[^1];
        IEnumerable<string> Errors(string path, string method, string status) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status).GetProperty("content")
                .GetProperty("application/json").GetProperty("examples").EnumerateObject().Select(e => e.Name);

        Assert.Equal(["open", "pending", "resolved", "closed"], Enum(Parameter("/chats", "status").GetProperty("schema")));
        Assert.Equal(["true", "false"], Enum(Parameter("/chats", "unread").GetProperty("schema")));
        foreach (var name in new[] { "assignee", "tag", "sessionId", "limit", "cursor" }) Parameter("/chats", name);
        Assert.Equal(["online", "away", "offline"], Enum(Parameter("/agents", "status").GetProperty("schema")));
        Assert.Equal(["admin", "agent"], Enum(schemas.GetProperty("Agent").GetProperty("properties").GetProperty("role")));

        Assert.Equal("AgentList", Answer("/agents", "get", "200"));
        Assert.Equal("ConversationResult", Answer("/chats/{chatId}", "get", "200"));
        Assert.Equal("ConversationResult", Answer("/chats/{chatId}/assign", "post", "200"));
        Assert.Equal("ChatCountsResult", Answer("/chats/counts", "get", "200"));
        Assert.Equal("NotePage", Answer("/chats/{chatId}/notes", "get", "200"));
        Assert.Equal("TagList", Answer("/tags", "get", "200"));
        Assert.Equal("QuickReplyPage", Answer("/quick-replies", "get", "200"));
        Assert.Equal("RoutingResult", Answer("/sessions/{id}/routing", "get", "200"));
        Assert.Equal("AnalyticsOverviewResult", Answer("/analytics/overview", "get", "200"));
        Assert.Equal("BroadcastFiguresPage", Answer("/analytics/broadcasts", "get", "200"));
        Assert.Equal("MeResult", Answer("/me", "get", "200"));
        Assert.True(schemas.GetProperty("Me").GetProperty("properties").TryGetProperty("agent", out _));
        Assert.True(schemas.GetProperty("ApiKey").GetProperty("properties").TryGetProperty("agentId", out _));

        Assert.Equal(["conflict", "duplicate_email", "limit_reached"], Errors("/agents", "post", "409").Order());
        Assert.Contains("conversation_closed", Errors("/chats/{chatId}/resolve", "post", "409"));
        Assert.Contains("conversation_closed", Errors("/chats/{chatId}", "patch", "409"));
        Assert.Contains("limit_reached", Errors("/chats/{chatId}/tags/{tagId}", "post", "409"));
        Assert.Contains("duplicate_tag", Errors("/tags", "post", "409"));
        Assert.Contains("duplicate_shortcut", Errors("/quick-replies", "post", "409"));
        Assert.Contains("not_found", Errors("/chats", "get", "404"));
        Assert.Contains("not_found", Errors("/analytics/overview", "get", "404"));
    }
}
