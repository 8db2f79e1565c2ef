using System.Text.Json;
using Azure.Data.Tables;

namespace WaFunctions.Broadcasts.Pacing;

/// <summary>Quiet hours: no broadcast sends from <see cref="Start"/> to <see cref="End"/> (local time; may cross midnight).</summary>
public sealed record QuietHours(bool Enabled, TimeOnly Start, TimeOnly End, string TimeZone);

/// <summary>Warm-up: for a newly linked number the daily cap is <c>Ramp[d]</c> on its d-th day (0-based) from <see cref="StartDate"/>.</summary>
public sealed record Warmup(bool Enabled, DateOnly? StartDate, IReadOnlyList<int> Ramp);

/// <summary>
/// How one number (session) sends broadcasts; stored in table <c>pacing</c> (PartitionKey <c>pacing</c>, RowKey session id).
/// The calendar day of the daily cap is the day in <c>QuietHours.TimeZone</c> (the session's time zone).
/// Defaults and their sources: functions/Broadcasts/PACING.md.
/// </summary>
public sealed record PacingSettings(double MinDelaySeconds, double MaxDelaySeconds, int DailyCap, QuietHours QuietHours, bool Typing, Warmup Warmup)
{
    public const string TableName = "pacing";
    public const string Partition = "pacing";

    public static PacingSettings Default { get; } = new(10, 30, 200,
        new QuietHours(true, new TimeOnly(21, 0), new TimeOnly(8, 0), "UTC"), Typing: true,
        new Warmup(true, null, [20, 30, 50, 80, 120, 160, 200]));

    public string TimeZone => QuietHours.TimeZone;

    internal TableEntity ToEntity(string sessionId) => new(Partition, sessionId)
    {
        ["MinDelaySeconds"] = MinDelaySeconds, ["MaxDelaySeconds"] = MaxDelaySeconds, ["DailyCap"] = DailyCap,
        ["QuietEnabled"] = QuietHours.Enabled, ["QuietStart"] = QuietHours.Start.ToString("HH:mm"), ["QuietEnd"] = QuietHours.End.ToString("HH:mm"),
        ["TimeZone"] = QuietHours.TimeZone, ["Typing"] = Typing, ["WarmupEnabled"] = Warmup.Enabled,
        ["WarmupStart"] = Warmup.StartDate?.ToString("yyyy-MM-dd"), ["WarmupRamp"] = JsonSerializer.Serialize(Warmup.Ramp),
    };

    internal static PacingSettings FromEntity(TableEntity e) => new(
        e.GetDouble("MinDelaySeconds") ?? Default.MinDelaySeconds, e.GetDouble("MaxDelaySeconds") ?? Default.MaxDelaySeconds,
        e.GetInt32("DailyCap") ?? Default.DailyCap,
        new QuietHours(e.GetBoolean("QuietEnabled") ?? true, TimeOnly.Parse(e.GetString("QuietStart") ?? "21:00"),
            TimeOnly.Parse(e.GetString("QuietEnd") ?? "08:00"), e.GetString("TimeZone") ?? "UTC"),
        e.GetBoolean("Typing") ?? true,
        new Warmup(e.GetBoolean("WarmupEnabled") ?? true, e.GetString("WarmupStart") is { } s ? DateOnly.Parse(s) : null,
            e.GetString("WarmupRamp") is { } r ? JsonSerializer.Deserialize<int[]>(r)! : Default.Warmup.Ramp));

    internal PacingView View() => new(MinDelaySeconds, MaxDelaySeconds, DailyCap,
        new QuietHoursView(QuietHours.Enabled, QuietHours.Start.ToString("HH:mm"), QuietHours.End.ToString("HH:mm"), QuietHours.TimeZone),
        Typing, new WarmupView(Warmup.Enabled, Warmup.StartDate?.ToString("yyyy-MM-dd"), Warmup.Ramp));
}

/// <summary>How a number paces its broadcasts: a random delay between sends, a daily cap, quiet hours, typing, warm-up.</summary>
internal sealed record PacingView(double MinDelaySeconds, double MaxDelaySeconds, int DailyCap, QuietHoursView QuietHours, bool Typing,
    WarmupView Warmup) : OpenApi.IHasExample
{
    public static object Example => PacingSettings.Default.View();
}

/// <summary>No broadcast sends from start to end (HH:mm, local to timeZone, may cross midnight); timeZone also sets the cap's day.</summary>
internal sealed record QuietHoursView(bool Enabled, string Start, string End, string TimeZone);

/// <summary>A new number's daily cap is ramp[d] on its d-th day from startDate (yyyy-MM-dd; default: the day it was linked).</summary>
internal sealed record WarmupView(bool Enabled, string? StartDate, IReadOnlyList<int> Ramp);
