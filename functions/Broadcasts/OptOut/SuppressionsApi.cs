using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.Messages;

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
        api.MapGet("/suppressions", ListAsync).WithName("ListSuppressions").RequireScope(Scopes.BroadcastsRead);
        api.MapDelete("/suppressions/{chatId}", DeleteAsync).WithName("DeleteSuppression").RequireScope(Scopes.BroadcastsWrite);
        return api;
    }

    /// <summary>One range query.</summary>
    internal static async Task<IResult> ListAsync(HttpRequest request, SuppressionStore store, CancellationToken ct)
    {
        var limit = Query.Int(request, "limit", 50, 1, 200);
        var (rows, next) = await store.ListAsync(Query.String(request, "cursor", 1000), limit, ct);
        return Results.Json(new { data = rows.Select(SuppressionStore.View), nextCursor = next });
    }

    /// <summary>One point read and one delete. 404 when the number is not on the list.</summary>
    internal static async Task<IResult> DeleteAsync(string chatId, SuppressionStore store, CancellationToken ct)
    {
        var jid = Jid.Normalize(Uri.UnescapeDataString(chatId))
            ?? throw new InvalidInputException("Path parameter 'chatId' must be a phone number with country code or a WhatsApp jid.");
        return await store.DeleteAsync(jid, ct) ? Results.NoContent() : ApiError.NotFound($"'{jid}' is not on the suppression list.");
    }
}
