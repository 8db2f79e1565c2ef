using System.Globalization;
using System.Text;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.OpenApi;

namespace WaFunctions.Broadcasts;

/// <summary>
/// <c>GET /broadcasts/{id}/recipients.csv</c> (scope <c>broadcasts:read</c>): every recipient of a broadcast as CSV, in
/// recipient order, streamed page by page (one point read, then one range read per 500 recipients; ≤ 5000 rows).
/// Optional <c>status</c> as for the JSON list. Values are RFC 4180 quoted where needed and, since names come from
/// uploads and from strangers on WhatsApp, a value a spreadsheet would run as a formula is prefixed with <c>'</c>.
/// </summary>
internal static class RecipientsCsvApi
{
    public const int PageSize = 500;
    public static readonly string[] Columns = ["index", "chatId", "phone", "name", "status", "reason", "messageId", "updatedAt"];

    public static IEndpointRouteBuilder MapRecipientsCsv(this IEndpointRouteBuilder api)
    {
        api.MapGet("/broadcasts/{id}/recipients.csv", ExportAsync).WithName("ExportBroadcastRecipients")
            .WithSummary("Export a broadcast's recipients as CSV")
            .WithDescription("Every recipient in list order as CSV (" + string.Join(", ", Columns) + "), optionally only those of one status; ready for a spreadsheet (values a spreadsheet would run as formulas are prefixed with ').")
            .WithQuery(BroadcastsApi.RecipientStatusFilter)
            .ReturnsFile("text/csv")
            .RequireScope(Scopes.BroadcastsRead);
        return api;
    }

    internal static async Task<IResult> ExportAsync(string id, HttpRequest request, BroadcastStore store, CancellationToken ct)
    {
        var status = BroadcastsApi.RecipientStatusFilter.Read(request);
        if (await store.GetAsync(id, ct) is null) return ApiError.NotFound($"No broadcast '{id}'.");
        var suffix = status is null ? "" : "-" + status;
        return Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
            await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
            string? cursor = null;
            do
            {
                var (rows, next) = await store.RecipientsAsync(id, status, cursor, PageSize, ct);
                foreach (var r in rows) await writer.WriteAsync(Row(r));
                await writer.FlushAsync(ct);
                cursor = next;
            } while (cursor is not null);
        }, "text/csv; charset=utf-8", $"{id}-recipients{suffix}.csv");
    }

    internal static string Row(BroadcastRecipient r)
    {
        var view = r.Status == RecipientStatus.Played ? RecipientStatus.Read : r.Status;
        var phone = r.ChatId.EndsWith("@s.whatsapp.net", StringComparison.Ordinal) ? r.ChatId[..r.ChatId.IndexOf('@')] : "";
        string?[] values =
        [
            r.Index.ToString(CultureInfo.InvariantCulture), r.ChatId, phone, r.Name, view, r.Reason, r.MessageId,
            r.UpdatedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ];
        return string.Join(',', values.Select(Field)) + "\r\n";
    }

    /// <summary>
    /// One CSV field: a leading <c>= + - @</c>, tab or carriage return gets a <c>'</c> first (OWASP's advice against
    /// formula injection), then the field is quoted, with quotes doubled, when it holds a comma, quote or line break.
    /// </summary>
    internal static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
