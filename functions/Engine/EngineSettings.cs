namespace WaFunctions.Engine;

/// <summary>
/// Which engine the engine-host runs (<c>WA_ENGINE</c>: <c>baileys</c>, the default, or <c>simulator</c>).
/// The functions app only needs it to decide whether the dev endpoints exist.
/// </summary>
public sealed record EngineSettings(string Engine)
{
    public bool IsSimulator => Engine == "simulator";

    public static EngineSettings From(IConfiguration config)
    {
        var engine = config["WA_ENGINE"] is { Length: > 0 } v ? v.Trim().ToLowerInvariant() : "baileys";
        return engine is "baileys" or "simulator"
            ? new EngineSettings(engine)
            : throw new InvalidOperationException($"WA_ENGINE must be 'baileys' or 'simulator', not '{engine}'.");
    }
}
