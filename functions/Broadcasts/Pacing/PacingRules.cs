using System.Text.Json;
using WaFunctions.Errors;

namespace WaFunctions.Broadcasts.Pacing;

/// <summary>Validates a pacing PATCH and merges it into the stored settings; every error names its field.</summary>
public static class PacingRules
{
    public const double MaxDelayLimitSeconds = 3600;
    public const int MaxDailyCap = 100_000;
    public const int MaxRampDays = 90;

    public static PacingSettings Apply(PacingSettings current, JsonElement body, BroadcastSettings settings)
    {
        var known = new HashSet<string> { "minDelaySeconds", "maxDelaySeconds", "dailyCap", "quietHours", "typing", "warmup" };
        foreach (var p in body.EnumerateObject())
            if (!known.Contains(p.Name)) throw new InvalidInputException($"Field '{p.Name}' is not a pacing setting.");
        var min = Number(body, "minDelaySeconds") ?? current.MinDelaySeconds;
        var max = Number(body, "maxDelaySeconds") ?? current.MaxDelaySeconds;
        if (min < settings.MinDelayFloor)
            throw new InvalidInputException($"Field 'minDelaySeconds' must be at least {settings.MinDelayFloor} seconds (a faster pace gets numbers banned).");
        if (max < min) throw new InvalidInputException("Field 'maxDelaySeconds' must not be less than minDelaySeconds.");
        if (max > MaxDelayLimitSeconds) throw new InvalidInputException($"Field 'maxDelaySeconds' must be at most {MaxDelayLimitSeconds}.");
        var cap = Number(body, "dailyCap") is { } c ? (c == Math.Floor(c) && c is >= 1 and <= MaxDailyCap ? (int)c
            : throw new InvalidInputException($"Field 'dailyCap' must be a whole number from 1 to {MaxDailyCap}.")) : current.DailyCap;
        var typing = body.TryGetProperty("typing", out var t) ? t.ValueKind switch
        {
            JsonValueKind.True => true, JsonValueKind.False => false,
            _ => throw new InvalidInputException("Field 'typing' must be true or false."),
        } : current.Typing;
        return new PacingSettings(min, max, cap, Quiet(body, current.QuietHours), typing, WarmupOf(body, current.Warmup));
    }

    private static double? Number(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d
        : throw new InvalidInputException($"Field '{name}' must be a number.");

    private static QuietHours Quiet(JsonElement body, QuietHours current)
    {
        if (!body.TryGetProperty("quietHours", out var q)) return current;
        if (q.ValueKind == JsonValueKind.Null) return current with { Enabled = false };
        if (q.ValueKind != JsonValueKind.Object) throw new InvalidInputException("Field 'quietHours' must be an object or null.");
        var enabled = q.TryGetProperty("enabled", out var e) ? e.ValueKind switch
        {
            JsonValueKind.True => true, JsonValueKind.False => false,
            _ => throw new InvalidInputException("Field 'quietHours.enabled' must be true or false."),
        } : true;
        var zone = q.TryGetProperty("timeZone", out var z) ? z.GetString() ?? "" : current.TimeZone;
        try { _ = PacingMath.Zone(zone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidInputException($"Field 'quietHours.timeZone' must be an IANA time zone such as 'Asia/Kolkata', not '{zone}'.");
        }
        return new QuietHours(enabled, Time(q, "start", current.Start), Time(q, "end", current.End), zone);
    }

    private static TimeOnly Time(JsonElement q, string name, TimeOnly current) =>
        !q.TryGetProperty(name, out var v) ? current
        : v.ValueKind == JsonValueKind.String && v.GetString() is { Length: 5 } s && TimeOnly.TryParseExact(s, "HH:mm", out var t) ? t
        : throw new InvalidInputException($"Field 'quietHours.{name}' must be a time 'HH:mm'.");

    private static Warmup WarmupOf(JsonElement body, Warmup current)
    {
        if (!body.TryGetProperty("warmup", out var w)) return current;
        if (w.ValueKind == JsonValueKind.Null) return current with { Enabled = false };
        if (w.ValueKind != JsonValueKind.Object) throw new InvalidInputException("Field 'warmup' must be an object or null.");
        var enabled = !w.TryGetProperty("enabled", out var e) || (e.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? e.GetBoolean() : throw new InvalidInputException("Field 'warmup.enabled' must be true or false."));
        var start = current.StartDate;
        if (w.TryGetProperty("startDate", out var s))
            start = s.ValueKind == JsonValueKind.Null ? null
                : s.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(s.GetString(), "yyyy-MM-dd", out var d) ? d
                : throw new InvalidInputException("Field 'warmup.startDate' must be a date 'yyyy-MM-dd' or null.");
        var ramp = current.Ramp;
        if (w.TryGetProperty("ramp", out var r))
        {
            if (r.ValueKind != JsonValueKind.Array || r.GetArrayLength() > MaxRampDays
                || r.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number || !x.TryGetInt32(out var n) || n < 1 || n > MaxDailyCap))
                throw new InvalidInputException($"Field 'warmup.ramp' must be an array of at most {MaxRampDays} whole numbers from 1 to {MaxDailyCap}.");
            ramp = r.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        }
        return new Warmup(enabled, start, ramp);
    }
}
