namespace WaFunctions.Engine;

/// <summary>
/// Which engine the engine-host runs (<c>WA_ENGINE</c>: <c>baileys</c>, the default, or <c>simulator</c>; the functions
/// app only needs it to decide whether the dev endpoints exist) and how long an API call waits for the engine's answer
/// to a request (<c>WA_ENGINE_ANSWER_TIMEOUT_SECONDS</c>, see <see cref="EngineRequests"/>).
/// </summary>
public sealed record EngineSettings(string Engine)
{
    public bool IsSimulator => Engine == "simulator";

    /// <summary>Longer than the engine's own wait for a reconnecting number (10 s), so "not ready" comes back as an answer.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static EngineSettings From(IConfiguration config)
    {
        var engine = config["WA_ENGINE"] is { Length: > 0 } v ? v.Trim().ToLowerInvariant() : "baileys";
        if (engine is not ("baileys" or "simulator"))
            throw new InvalidOperationException($"WA_ENGINE must be 'baileys' or 'simulator', not '{engine}'.");
        var settings = new EngineSettings(engine);
        if (config["WA_ENGINE_ANSWER_TIMEOUT_SECONDS"] is { Length: > 0 } t)
            settings = settings with
            {
                AnswerTimeout = int.TryParse(t, out var s) && s is >= 1 and <= 120
                    ? TimeSpan.FromSeconds(s)
                    : throw new InvalidOperationException($"Setting WA_ENGINE_ANSWER_TIMEOUT_SECONDS must be a whole number from 1 to 120, not '{t}'."),
            };
        return settings;
    }
}
