namespace WaFunctions.Broadcasts;

/// <summary>
/// <c>WA_PACING_ALLOW_FAST</c> (default false): allows delays under the production minimum of 3 s, down to 0 and in
/// fractions of a second — for tests and benchmarks that compress time; never set it for a real number.
/// <c>WA_STOP_WORDS</c> (default <c>STOP,UNSUBSCRIBE</c>): comma-separated opt-out words, matched case-insensitively on
/// the whole trimmed text of an inbound message.
/// </summary>
public sealed record BroadcastSettings(bool AllowFast, IReadOnlySet<string> StopWords)
{
    /// <summary>
    /// How long one activity may go on sending while the pacing delays are short: a third of the Durable work item's
    /// visibility timeout (<c>WA_DURABLE_VISIBILITY_SECONDS</c>, else host.json's 45 s), at most 20 s. An activity still
    /// running when its work item becomes visible again is run a second time beside the first (the provider renews the
    /// lock, but late on a starved machine): harmless, since every send step repeats with the same clientMessageId, but
    /// it doubles the engine's work, so a step ends well before that can happen.
    /// </summary>
    public TimeSpan StepBudget { get; init; } = TimeSpan.FromSeconds(15);

    public const double ProductionMinDelaySeconds = 3;

    public double MinDelayFloor => AllowFast ? 0 : ProductionMinDelaySeconds;

    /// <summary>How often a broadcast waiting for its number to become ready looks again.</summary>
    public TimeSpan ReadyRecheck => AllowFast ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a broadcast whose recipients were all handed to the engine looks at its counts while reports are still
    /// out; the report that completes them wakes it at once, so this only bounds a lost wake-up.
    /// </summary>
    public TimeSpan ReportsRecheck => AllowFast ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(5);

    public static BroadcastSettings From(IConfiguration config)
    {
        var fast = config["WA_PACING_ALLOW_FAST"] is { Length: > 0 } v
            ? bool.TryParse(v, out var b) ? b : throw new InvalidOperationException($"Setting WA_PACING_ALLOW_FAST must be true or false, not '{v}'.")
            : false;
        var words = (config["WA_STOP_WORDS"] is { Length: > 0 } w ? w : "STOP,UNSUBSCRIBE")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new InvalidOperationException("Setting WA_STOP_WORDS must name at least one word.");
        var visibility = config["WA_DURABLE_VISIBILITY_SECONDS"] is { Length: > 0 } seconds && int.TryParse(seconds, out var parsed) && parsed > 0
            ? TimeSpan.FromSeconds(parsed)
            : TimeSpan.FromSeconds(45);
        return new BroadcastSettings(fast, new HashSet<string>(words, StringComparer.OrdinalIgnoreCase))
        {
            StepBudget = TimeSpan.FromTicks(Math.Min(visibility.Ticks / 3, TimeSpan.FromSeconds(20).Ticks)),
        };
    }

    public bool IsStopWord(string? text) => text is not null && StopWords.Contains(text.Trim());
}
