using System.Text.Json;

namespace WaFunctions.Engine;

/// <summary>
/// One message on the engine bus (v1): <c>{ v, id, type, sessionId, at, seq?, data }</c>. Commands carry
/// no <c>seq</c>; events carry a per-session, strictly increasing one (gaps allowed).
/// </summary>
public sealed record EngineEnvelope(int V, string Id, string Type, string SessionId, DateTimeOffset At, long? Seq, JsonElement Data)
{
    /// <summary>Parses an event; null when it is not a v1 envelope (such a message is logged and dropped, never retried).</summary>
    public static EngineEnvelope? TryParse(string text)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<EngineEnvelope>(text, JsonSerializerOptions.Web);
            return envelope is { V: 1, Id.Length: > 0, Type.Length: > 0, SessionId.Length: > 0 } && envelope.Data.ValueKind == JsonValueKind.Object
                ? envelope : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The webhook event id for the domain event derived from this engine event: same envelope, same id.</summary>
    public string EventId(string suffix = "") => "evt_" + Id.Replace("-", "", StringComparison.Ordinal) + suffix;

    public string? String(string name) => Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public long? Long(string name) => Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public bool Bool(string name) => Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public JsonElement? Object(string name) => Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;
}
