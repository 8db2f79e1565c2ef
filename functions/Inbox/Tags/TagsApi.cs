using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Inbox.Due;
using WaFunctions.OpenApi;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.Tags;

/// <summary>
/// Conversation tags (scopes <c>chats:read</c> / <c>chats:write</c>). Round trips: list 1 (all tags, at most
/// <see cref="TagStore.MaxTags"/>), create 2 (count + transaction), update 2 (read + transaction), delete 2 plus one queue
/// send: the tag is taken off its chats in the background, a batch per number at a time.
/// </summary>
internal static class TagsApi
{
    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tags", ListAsync).WithName("ListTags")
            .WithSummary("List tags")
            .WithDescription($"Every tag (at most {TagStore.MaxTags}), in id order.")
            .Returns<IReadOnlyList<TagView>>()
            .RequireScope(Scopes.ChatsRead);
        api.MapPost("/tags", CreateAsync).WithName("CreateTag")
            .WithSummary("Create a tag")
            .WithDescription($"`name` (up to {TagRules.MaxName} characters, unique in any case) and `color` (#rrggbb, default {Tag.DefaultColor}).")
            .Returns<TagView>(StatusCodes.Status201Created)
            .Fails(409, "duplicate_tag", "Another tag already has this name.")
            .Fails(409, "limit_reached", $"{TagStore.MaxTags} tags exist already; delete one first.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapPatch("/tags/{id}", UpdateAsync).WithName("UpdateTag")
            .WithSummary("Rename or recolour a tag")
            .WithDescription("A partial update of name and color: a field left out keeps its value; neither can be cleared.")
            .Returns<TagView>()
            .Fails(409, "duplicate_tag", "Another tag already has the new name.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapDelete("/tags/{id}", DeleteAsync).WithName("DeleteTag")
            .WithSummary("Delete a tag")
            .WithDescription("The tag is taken off every conversation in the background, within seconds.")
            .ReturnsNothing()
            .RequireScope(Scopes.ChatsWrite);
        return api;
    }

    internal static async Task<IResult> ListAsync(TagStore tags, CancellationToken ct) => Answer.Data<IReadOnlyList<TagView>>([.. (await tags.ListAsync(ct)).Select(TagView.Of)]);

    internal static async Task<IResult> CreateAsync(CreateTagRequest body, TagStore tags, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tag = new Tag(TagStore.NewId(), TagRules.Name(body.Name), TagRules.Color(body.Color), now, now);
        if ((await tags.ListAsync(ct)).Count >= TagStore.MaxTags) return ApiError.Conflict("limit_reached", $"At most {TagStore.MaxTags} tags may exist; delete one first.");
        try { await tags.CreateAsync(tag, ct); }
        catch (DuplicateTagException) { return Duplicate(); }
        return Answer.Data(TagView.Of(tag), StatusCodes.Status201Created);
    }

    internal static async Task<IResult> UpdateAsync(string id, UpdateTagRequest body, TagStore tags, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var updated = await Optimistic.RetryAsync(async () =>
            {
                if (await tags.GetAsync(id, ct) is not var (tag, etag)) return null;
                var after = tag with
                {
                    Name = body.Name.OrKeep(tag.Name, "name", TagRules.Name),
                    Color = body.Color.OrKeep(tag.Color, "color", TagRules.Color),
                    UpdatedAt = clock.GetUtcNow(),
                };
                await tags.UpdateAsync(tag, after, etag, ct);
                return after;
            }, ct);
            return updated is null ? NotFound(id) : Answer.Data(TagView.Of(updated));
        }
        catch (DuplicateTagException) { return Duplicate(); }
    }

    internal static async Task<IResult> DeleteAsync(string id, TagStore tags, DueQueue due, CancellationToken ct)
    {
        var deleted = await Optimistic.RetryAsync(async () =>
        {
            if (await tags.GetAsync(id, ct) is not var (tag, etag)) return false;
            await tags.DeleteAsync(tag, etag, ct);
            return true;
        }, ct);
        if (!deleted) return NotFound(id);
        await due.ScheduleTagRemovedAsync(id, ct);
        return Results.NoContent();
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No tag '{id}'.");

    private static IResult Duplicate() => ApiError.Conflict("duplicate_tag", "Another tag already has this name.");
}
