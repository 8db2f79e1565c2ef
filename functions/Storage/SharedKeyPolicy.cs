using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace WaFunctions.Storage;

/// <summary>
/// Adds <c>x-ms-date</c> and a Shared Key <c>Authorization</c> header. The Table and Queue services
/// canonicalise requests differently (Table signs only verb, MD5, type, date and resource; Queue
/// also signs headers and every query parameter), so the service is chosen at construction.
/// Runs per retry: each attempt needs a fresh date.
/// </summary>
internal sealed class SharedKeyPolicy(StorageSharedKeyCredential credential, SharedKeyPolicy.Service service)
    : HttpPipelineSynchronousPolicy
{
    internal enum Service { Table, Queue }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        var toSign = service == Service.Table ? TableStringToSign(request, date) : QueueStringToSign(request);
        request.Headers.SetValue("Authorization", $"SharedKey {credential.AccountName}:{credential.Sign(toSign)}");
    }

    private string TableStringToSign(Request request, string date)
    {
        var resource = CanonicalPath(request.Uri.ToUri());
        var query = ParseQuery(request.Uri.ToUri());
        if (query.TryGetValue("comp", out var comp)) resource += "?comp=" + string.Join(",", comp);
        return string.Join("\n", request.Method.Method, Header(request, "Content-MD5"), Header(request, "Content-Type"), date, resource);
    }

    private string QueueStringToSign(Request request)
    {
        var length = request.Content is { } content && content.TryComputeLength(out var n) && n > 0
            ? n.ToString(CultureInfo.InvariantCulture) : "";
        var sb = new StringBuilder();
        sb.Append(request.Method.Method).Append('\n')
          .Append(Header(request, "Content-Encoding")).Append('\n')
          .Append(Header(request, "Content-Language")).Append('\n')
          .Append(length).Append('\n')
          .Append(Header(request, "Content-MD5")).Append('\n')
          .Append(Header(request, "Content-Type")).Append('\n')
          .Append('\n') // Date: x-ms-date is signed among the canonical headers instead
          .Append(Header(request, "If-Modified-Since")).Append('\n')
          .Append(Header(request, "If-Match")).Append('\n')
          .Append(Header(request, "If-None-Match")).Append('\n')
          .Append(Header(request, "If-Unmodified-Since")).Append('\n')
          .Append(Header(request, "Range")).Append('\n');
        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), h.Value))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
            sb.Append(header.Name).Append(':').Append(header.Value.Trim()).Append('\n');
        var uri = request.Uri.ToUri();
        sb.Append(CanonicalPath(uri));
        foreach (var (name, values) in ParseQuery(uri).OrderBy(q => q.Key, StringComparer.Ordinal))
            sb.Append('\n').Append(name).Append(':').Append(string.Join(",", values.Order(StringComparer.Ordinal)));
        return sb.ToString();
    }

    // Path-style endpoints (Azurite) repeat the account in the path; the service expects both.
    private string CanonicalPath(Uri uri) => "/" + credential.AccountName + uri.AbsolutePath;

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : "";

    private static Dictionary<string, List<string>> ParseQuery(Uri uri)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (!result.TryGetValue(name, out var list)) result[name] = list = [];
            list.Add(value);
        }
        return result;
    }
}
