using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;
using WaFunctions.OpenApi;

namespace WaFunctions.Broadcasts.OptOut;

/// <summary>
/// The opt-out list broadcasts skip: <c>GET /suppressions</c> (scope <c>broadcasts:read</c>, paged in jid order) and
/// <c>DELETE /suppressions/{chatId}</c> (scope <c>broadcasts:write</c>; a jid or phone number) to re-admit someone who
/// opted back in. Entries are added by inbound stop words (see <see cref="OptOutObserver"/>).
/// </summary>
internal static class SuppressionsApi
{
    public static IEndpointRouteBuilder MapSuppressions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/suppressions", ListAsync).WithName("ListSuppressions")
            .WithSummary("List opted-out chats")
            .WithDescription("Chats that sent a stop word (WA_STOP_WORDS) and that broadcasts therefore skip, in jid order.")
            .ReturnsPage<SuppressionView>()
            .WithQuery(Limit, Cursor)
            .RequireScope(Scopes.BroadcastsRead);
        api.MapDelete("/suppressions/{chatId}", DeleteAsync).WithName("DeleteSuppression")
            .WithSummary("Re-admit an opted-out chat")
            .WithDescription("Takes a chat (jid or phone number) off the opt-out list, for someone who opted back in.")
            .ReturnsNothing()
            .RequireScope(Scopes.BroadcastsWrite);
        return api;
    }

    private static readonly NumberQuery Limit = Paging.Limit(50, 200);
    private static readonly TextQuery Cursor = new("cursor", 1000, "The nextCursor of the previous page; leave out for the first page.");

    /// <summary>One range query.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, SuppressionStore store, CancellationToken ct)
    {
        var (rows, next) = await store.ListAsync(Cursor.Read(request), Limit.Read(request), ct);
        return Answer.Page(rows.Select(SuppressionStore.View), next);
    }

    /// <summary>One point read and one delete. 404 when the number is not on the list.</summary>
    internal static async Task<IResult> DeleteAsync(string chatId, SuppressionStore store, CancellationToken ct)
    {
        var jid = Jid.Normalize(Uri.UnescapeDataString(chatId))
            ?? throw new InvalidInputException("Path parameter 'chatId' must be a phone number with country code or a WhatsApp jid.");
        return await store.DeleteAsync(jid, ct) ? Results.NoContent() : ApiError.NotFound($"'{jid}' is not on the suppression list.");
    }
}
