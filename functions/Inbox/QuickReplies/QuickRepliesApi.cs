using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.QuickReplies;

/// <summary>
/// Canned answers (scopes <c>chats:read</c> / <c>chats:write</c>). Round trips: list 1 (one range scan), create 1,
/// update 2 (read + transaction), delete 2.
/// </summary>
internal static class QuickRepliesApi
{
    public static IEndpointRouteBuilder MapQuickReplies(this IEndpointRouteBuilder api)
    {
        api.MapGet("/quick-replies", ListAsync).WithName("ListQuickReplies").RequireScope(Scopes.ChatsRead)
            .WithSummary("List quick replies")
            .WithDescription("In shortcut order; `prefix` (e.g. /th) lists those whose shortcut starts with it, as an agent types.")
            .Produces<QuickReplyPage>();
        api.MapPost("/quick-replies", CreateAsync).WithName("CreateQuickReply").RequireScope(Scopes.ChatsWrite)
            .WithSummary("Create a quick reply").WithDescription("`shortcut` (/ + letters, digits, - or _; unique) and `text`.")
            .Produces<QuickReplyEnvelope>(StatusCodes.Status201Created);
        api.MapPatch("/quick-replies/{id}", UpdateAsync).WithName("UpdateQuickReply").RequireScope(Scopes.ChatsWrite)
            .WithSummary("Change a quick reply").Produces<QuickReplyEnvelope>();
        api.MapDelete("/quick-replies/{id}", DeleteAsync).WithName("DeleteQuickReply").RequireScope(Scopes.ChatsWrite)
            .WithSummary("Delete a quick reply").Produces(StatusCodes.Status204NoContent);
        return api;
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, QuickReplyStore replies, CancellationToken ct)
    {
        var prefix = Query.String(request, "prefix", QuickReplyRules.MaxShortcut) is { } p ? p.ToLowerInvariant() : null;
        if (prefix is not null && !prefix.StartsWith('/')) throw new InvalidInputException("Query parameter 'prefix' must start with '/'.");
        var (page, cursor) = await replies.ListAsync(prefix, Query.Int(request, "limit", 100, 1, 1000), Query.String(request, "cursor", 2000), ct);
        return Results.Json(new QuickReplyPage(page, cursor));
    }

    internal static async Task<IResult> CreateAsync(CreateQuickReplyRequest body, QuickReplyStore replies, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reply = new QuickReply(QuickReplyStore.NewId(), QuickReplyRules.Shortcut(body.Shortcut), QuickReplyRules.Text(body.Text), now, now);
        try { await replies.CreateAsync(reply, ct); }
        catch (DuplicateShortcutException) { return Duplicate(); }
        return Results.Json(new QuickReplyEnvelope(reply), statusCode: StatusCodes.Status201Created);
    }

    internal static async Task<IResult> UpdateAsync(string id, UpdateQuickReplyRequest body, QuickReplyStore replies, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var updated = await Optimistic.RetryAsync(async () =>
            {
                if (await replies.GetAsync(id, ct) is not var (reply, etag)) return null;
                var after = reply with
                {
                    Shortcut = body.Shortcut.OrKeep(reply.Shortcut, "shortcut", v => QuickReplyRules.Shortcut(v)),
                    Text = body.Text.OrKeep(reply.Text, "text", QuickReplyRules.Text),
                    UpdatedAt = clock.GetUtcNow(),
                };
                await replies.UpdateAsync(reply, after, etag, ct);
                return after;
            }, ct);
            return updated is null ? NotFound(id) : Results.Json(new QuickReplyEnvelope(updated));
        }
        catch (DuplicateShortcutException) { return Duplicate(); }
    }

    internal static async Task<IResult> DeleteAsync(string id, QuickReplyStore replies, CancellationToken ct)
    {
        var deleted = await Optimistic.RetryAsync(async () =>
        {
            if (await replies.GetAsync(id, ct) is not var (reply, etag)) return false;
            await replies.DeleteAsync(reply, etag, ct);
            return true;
        }, ct);
        return deleted ? Results.NoContent() : NotFound(id);
    }

    private static IResult NotFound(string id) => ApiError.NotFound($"No quick reply '{id}'.");

    private static IResult Duplicate() => ApiError.Conflict("duplicate_shortcut", "Another quick reply already has this shortcut.");
}
