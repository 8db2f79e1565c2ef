using System.Globalization;
using System.Text.Json;

namespace WaFunctions.Licensing;

/// <summary>What a license grants: who holds it, which plan, and the instant it stops being valid.</summary>
internal sealed record LicensePayload(string Licensee, string Plan, DateTimeOffset ExpiresAt)
{
    // Whole seconds print without a fraction; a fraction prints only the digits it needs, so
    // Mint → Verify gives back exactly the instant that went in.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>ISO-8601 in UTC with a <c>Z</c>, the only form the payload carries.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public byte[] ToJsonUtf8()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("licensee", Licensee);
            json.WriteString("plan", Plan);
            json.WriteString("expiresAt", FormatTime(ExpiresAt));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a payload, or says which part is wrong. Never throws.</summary>
    public static LicensePayload? TryParse(ReadOnlyMemory<byte> utf8Json, out string? problem)
    {
        try
        {
            // Duplicate names are refused so a payload cannot mean two things to two readers.
            using var doc = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Fail("the payload is not a JSON object", out problem);
            if (Text(doc.RootElement, "licensee") is not { } licensee)
                return Fail("the payload has no licensee", out problem);
            if (Text(doc.RootElement, "plan") is not { } plan)
                return Fail("the payload has no plan", out problem);
            if (Text(doc.RootElement, "expiresAt") is not { } expiresAt)
                return Fail("the payload has no expiresAt", out problem);
            if (!DateTimeOffset.TryParseExact(expiresAt, TimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires))
                return Fail("expiresAt is not an ISO-8601 UTC time", out problem);
            problem = null;
            return new LicensePayload(licensee, plan, expires);
        }
        catch (JsonException)
        {
            // Also covers invalid UTF-8.
            return Fail("the payload is not valid JSON", out problem);
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static LicensePayload? Fail(string why, out string? problem)
    {
        problem = why;
        return null;
    }
}
