using System.Globalization;
using System.Text.Json;
using Azure;

namespace WaFunctions.Storage;

/// <summary>
/// The Table service's JSON entity format: types other than string, Int32 and Boolean
/// travel with an <c>@odata.type</c> annotation (Int64 as a string, binary as base64).
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, entity);
        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in entity)
        {
            switch (value)
            {
                case null: break;
                case string s: writer.WriteString(name, s); break;
                case int i: writer.WriteNumber(name, i); break;
                case bool b: writer.WriteBoolean(name, b); break;
                case long l: Typed(writer, name, "Edm.Int64", l.ToString(CultureInfo.InvariantCulture)); break;
                // As a string, like Microsoft's clients: a JSON number 2 would be taken for an Int32 by Azurite.
                case double d: Typed(writer, name, "Edm.Double", double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"); break;
                case DateTimeOffset dto: Typed(writer, name, "Edm.DateTime", FormatDate(dto)); break;
                case DateTime dt: Typed(writer, name, "Edm.DateTime", FormatDate(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt))); break;
                case Guid g: Typed(writer, name, "Edm.Guid", g.ToString("D")); break;
                case byte[] bytes: Typed(writer, name, "Edm.Binary", Convert.ToBase64String(bytes)); break;
                default: throw new NotSupportedException($"Property '{name}' has type {value.GetType().Name}, which the Table service cannot store.");
            }
        }
        writer.WriteEndObject();
    }

    internal static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Typed(Utf8JsonWriter writer, string name, string type, string value)
    {
        writer.WriteString(name + TypeSuffix, type);
        writer.WriteString(name, value);
    }

    public static TableEntity Read(JsonElement element, ETag? etagHeader = null)
    {
        var entity = new TableEntity();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.StartsWith("odata.", StringComparison.Ordinal) || name.EndsWith(TypeSuffix, StringComparison.Ordinal)) continue;
            // Timestamp is always an Edm.DateTime, whether or not the service annotates it.
            var type = element.TryGetProperty(name + TypeSuffix, out var t) ? t.GetString() : name == nameof(TableEntity.Timestamp) ? "Edm.DateTime" : null;
            var value = ReadValue(property.Value, type);
            if (name == nameof(TableEntity.Timestamp)) entity.Timestamp = value as DateTimeOffset?;
            else entity[name] = value;
        }
        if (element.TryGetProperty("odata.etag", out var etag)) entity.ETag = new ETag(etag.GetString()!);
        else if (etagHeader is { } header) entity.ETag = header;
        return entity;
    }

    private static object? ReadValue(JsonElement value, string? type) => type switch
    {
        "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Int32" => value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : (object)value.GetInt32(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => Convert.FromBase64String(value.GetString()!),
        "Edm.Boolean" => value.GetBoolean(),
        "Edm.String" => value.GetString(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            // Unannotated numbers are Int32 unless they carry a fraction or exponent (then Double).
            JsonValueKind.Number => value.TryGetInt32(out var i) && !value.GetRawText().AsSpan().ContainsAny(".eE") ? (object)i : value.GetDouble(),
            _ => throw new FormatException($"Unexpected JSON {value.ValueKind} in a table entity."),
        },
    };
}
