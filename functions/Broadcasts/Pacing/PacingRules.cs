using System.Text.Json.Serialization;
using WaFunctions.Errors;

namespace WaFunctions.Broadcasts.Pacing;

/// <summary>
/// A pacing PATCH: any subset of the fields. Nested objects merge field by field; <c>quietHours: null</c> or
/// <c>warmup: null</c> turns that rule off. A field this API does not know is refused, so a typo never goes unnoticed.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdatePacingRequest
{
    public Optional<double?> MinDelaySeconds { get; init; }
    public Optional<double?> MaxDelaySeconds { get; init; }
    public Optional<int?> DailyCap { get; init; }
    public Optional<QuietHoursPatch?> QuietHours { get; init; }
    public Optional<bool?> Typing { get; init; }
    public Optional<WarmupPatch?> Warmup { get; init; }
}

/// <summary>Quiet hours to merge: sending the object turns them on unless <see cref="Enabled"/> says otherwise.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record QuietHoursPatch
{
    public Optional<bool?> Enabled { get; init; }
    /// <summary>HH:mm, local to <see cref="TimeZone"/>.</summary>
    public Optional<string> Start { get; init; }
    public Optional<string> End { get; init; }
    /// <summary>An IANA time zone such as Asia/Kolkata; it also sets the calendar day of the daily cap.</summary>
    public Optional<string> TimeZone { get; init; }
}

/// <summary>Warm-up to merge: sending the object turns it on unless <see cref="Enabled"/> says otherwise.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WarmupPatch
{
    public Optional<bool?> Enabled { get; init; }
    /// <summary>yyyy-MM-dd, or null for the day the number was linked.</summary>
    public Optional<string> StartDate { get; init; }
    public Optional<int[]> Ramp { get; init; }
}

/// <summary>Validates a pacing PATCH and merges it into the stored settings; every error names its field.</summary>
public static class PacingRules
{
    public const double MaxDelayLimitSeconds = 3600;
    public const int MaxDailyCap = 100_000;
    public const int MaxRampDays = 90;

    public static PacingSettings Apply(PacingSettings current, UpdatePacingRequest body, BroadcastSettings settings)
    {
        var min = body.MinDelaySeconds.OrKeep(current.MinDelaySeconds, "minDelaySeconds", v => Finite(v!.Value, "minDelaySeconds"));
        var max = body.MaxDelaySeconds.OrKeep(current.MaxDelaySeconds, "maxDelaySeconds", v => Finite(v!.Value, "maxDelaySeconds"));
        if (min < settings.MinDelayFloor)
            throw new InvalidInputException($"Field 'minDelaySeconds' must be at least {settings.MinDelayFloor} seconds (a faster pace gets numbers banned).");
        if (max < min) throw new InvalidInputException("Field 'maxDelaySeconds' must not be less than minDelaySeconds.");
        if (max > MaxDelayLimitSeconds) throw new InvalidInputException($"Field 'maxDelaySeconds' must be at most {MaxDelayLimitSeconds}.");
        var cap = body.DailyCap.OrKeep(current.DailyCap, "dailyCap", v => v is >= 1 and <= MaxDailyCap
            ? v.Value : throw new InvalidInputException($"Field 'dailyCap' must be a whole number from 1 to {MaxDailyCap}."));
        var typing = body.Typing.OrKeep(current.Typing, "typing", v => v!.Value);
        var quiet = body.QuietHours.Or(current.QuietHours, q => q is null ? current.QuietHours with { Enabled = false } : Quiet(q, current.QuietHours));
        var warmup = body.Warmup.Or(current.Warmup, w => w is null ? current.Warmup with { Enabled = false } : WarmupOf(w, current.Warmup));
        return new PacingSettings(min, max, cap, quiet, typing, warmup);
    }

    private static double Finite(double value, string field) =>
        double.IsFinite(value) ? value : throw new InvalidInputException($"Field '{field}' must be a number.");

    private static QuietHours Quiet(QuietHoursPatch q, QuietHours current)
    {
        var zone = q.TimeZone.Or(current.TimeZone, z => z ?? "");
        try { _ = PacingMath.Zone(zone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidInputException($"Field 'quietHours.timeZone' must be an IANA time zone such as 'Asia/Kolkata', not '{zone}'.");
        }
        return new QuietHours(q.Enabled.OrKeep(true, "quietHours.enabled", v => v!.Value),
            q.Start.Or(current.Start, s => Time(s, "start")), q.End.Or(current.End, s => Time(s, "end")), zone);
    }

    private static TimeOnly Time(string? value, string name) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", out var t) ? t
        : throw new InvalidInputException($"Field 'quietHours.{name}' must be a time 'HH:mm'.");

    private static Warmup WarmupOf(WarmupPatch w, Warmup current)
    {
        var start = w.StartDate.Or(current.StartDate, s => s is null ? null
            : DateOnly.TryParseExact(s, "yyyy-MM-dd", out var d) ? d
            : throw new InvalidInputException("Field 'warmup.startDate' must be a date 'yyyy-MM-dd' or null."));
        var ramp = w.Ramp.OrKeep(current.Ramp, "warmup.ramp", r => r.Length <= MaxRampDays && r.All(n => n is >= 1 and <= MaxDailyCap)
            ? r : throw new InvalidInputException($"Field 'warmup.ramp' must be an array of at most {MaxRampDays} whole numbers from 1 to {MaxDailyCap}."));
        return new Warmup(w.Enabled.OrKeep(true, "warmup.enabled", v => v!.Value), start, ramp);
    }
}
