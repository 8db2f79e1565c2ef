using System.Text.Json.Serialization;

namespace WaFunctions.Analytics;

/// <summary>
/// What happened in one quarter-hour for one assignee: conversations opened and resolved, messages in and out, and the
/// first-response and resolution times as <see cref="Histogram"/>s. Short JSON names: thousands of these sit in the
/// counter rows.
/// </summary>
public sealed class Tally
{
    [JsonPropertyName("o")] public int Opened { get; set; }
    [JsonPropertyName("r")] public int Resolved { get; set; }
    [JsonPropertyName("i")] public int In { get; set; }
    [JsonPropertyName("x")] public int Out { get; set; }
    [JsonPropertyName("f")] public Dictionary<long, int>? FirstResponse { get; set; }
    [JsonPropertyName("t")] public Dictionary<long, int>? Resolution { get; set; }

    [JsonIgnore]
    public bool IsEmpty => Opened == 0 && Resolved == 0 && In == 0 && Out == 0 && FirstResponse is not { Count: > 0 } && Resolution is not { Count: > 0 };

    public void AddFirstResponse(long seconds) => Histogram.Add(FirstResponse ??= [], seconds);

    public void AddResolution(long seconds) => Histogram.Add(Resolution ??= [], seconds);

    public Tally Plus(Tally other)
    {
        Opened += other.Opened;
        Resolved += other.Resolved;
        In += other.In;
        Out += other.Out;
        if (other.FirstResponse is { Count: > 0 }) Histogram.Merge(FirstResponse ??= [], other.FirstResponse);
        if (other.Resolution is { Count: > 0 }) Histogram.Merge(Resolution ??= [], other.Resolution);
        return this;
    }
}
