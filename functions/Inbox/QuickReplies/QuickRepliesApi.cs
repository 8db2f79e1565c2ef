using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.OpenApi;
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
        api.MapGet("/quick-replies", ListAsync).WithName("ListQuickReplies")
            .WithSummary("List quick replies")
            .WithDescription("In shortcut order; `prefix` (e.g. /th) lists those whose shortcut starts with it, as an agent types.")
            .ReturnsPage<QuickReplyView>()
            .WithQuery(Prefix, Limit, Paging.Cursor)
            .RequireScope(Scopes.ChatsRead);
        api.MapPost("/quick-replies", CreateAsync).WithName("CreateQuickReply")
            .WithSummary("Create a quick reply")
            .WithDescription($"`shortcut` (/ + letters, digits, - or _, at most {QuickReplyRules.MaxShortcut} characters; upper case is lowered; unique) and `text` (up to {QuickReplyRules.MaxText} characters).")
            .Returns<QuickReplyView>(StatusCodes.Status201Created)
            .Fails(409, "duplicate_shortcut", "Another quick reply already has this shortcut.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapPatch("/quick-replies/{id}", UpdateAsync).WithName("UpdateQuickReply")
            .WithSummary("Change a quick reply")
            .WithDescription("A partial update of shortcut and text: a field left out keeps its value; neither can be cleared.")
            .Returns<QuickReplyView>()
            .Fails(409, "duplicate_shortcut", "Another quick reply already has the new shortcut.")
            .RequireScope(Scopes.ChatsWrite);
        api.MapDelete("/quick-replies/{id}", DeleteAsync).WithName("DeleteQuickReply")
            .WithSummary("Delete a quick reply")
            .WithDescription("Deletes the quick reply and frees its shortcut.")
            .ReturnsNothing()
            .RequireScope(Scopes.ChatsWrite);
        return api;
    }

    private static readonly TextQuery Prefix = new("prefix", QuickReplyRules.MaxShortcut, "Only quick replies whose shortcut starts with this (starts with '/', e.g. /th).");
    private static readonly NumberQuery Limit = Paging.Limit(100, 1000);

    internal static async Task<IResult> ListAsync(HttpRequest request, QuickReplyStore replies, CancellationToken ct)
    {
        var prefix = Prefix.Read(request) is { } p ? p.ToLowerInvariant() : null;
        if (prefix is not null && !prefix.StartsWith('/')) throw new InvalidInputException("Query parameter 'prefix' must start with '/'.");
        var (page, cursor) = await replies.ListAsync(prefix, Limit.Read(request), Paging.Cursor.Read(request), ct);
        return Answer.Page(page.Select(QuickReplyView.Of), cursor);
    }

    internal static async Task<IResult> CreateAsync(CreateQuickReplyRequest body, QuickReplyStore replies, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reply = new QuickReply(QuickReplyStore.NewId(), QuickReplyRules.Shortcut(body.Shortcut), QuickReplyRules.Text(body.Text), now, now);
        try { await replies.CreateAsync(reply, ct); }
        catch (DuplicateShortcutException) { return Duplicate(); }
        return Answer.Data(QuickReplyView.Of(reply), StatusCodes.Status201Created);
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
            return updated is null ? NotFound(id) : Answer.Data(QuickReplyView.Of(updated));
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
