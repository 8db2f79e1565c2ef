namespace WaFunctions.Analytics;

/// <summary>
/// Durations (seconds) kept as counts per bucket, so percentiles come from counters rather than from the samples. A
/// bucket is named by its lower bound; resolution: 1 s below 2 minutes, 10 s below an hour, 1 minute below a day,
/// 10 minutes below a week, an hour beyond. A percentile is reported as the lower bound of the bucket holding the
/// nearest-rank sample (the ⌈p·n⌉-th smallest), so it is exact to that resolution and never above the true value.
/// </summary>
public static class Histogram
{
    public static long Bucket(long seconds)
    {
        var s = Math.Max(0, seconds);
        long step = s switch { < 120 => 1, < 3600 => 10, < 86_400 => 60, < 7 * 86_400 => 600, _ => 3600 };
        return s - s % step;
    }

    public static void Add(Dictionary<long, int> histogram, long seconds, int count = 1)
    {
        var bucket = Bucket(seconds);
        histogram[bucket] = histogram.GetValueOrDefault(bucket) + count;
    }

    public static void Merge(Dictionary<long, int> into, IReadOnlyDictionary<long, int>? from)
    {
        if (from is null) return;
        foreach (var (bucket, count) in from) into[bucket] = into.GetValueOrDefault(bucket) + count;
    }

    /// <summary>The nearest-rank <paramref name="percentile"/> (0–100] in seconds, or null without samples.</summary>
    public static long? Percentile(IReadOnlyDictionary<long, int> histogram, double percentile)
    {
        var n = histogram.Values.Sum();
        if (n <= 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * n));
        long seen = 0;
        foreach (var (bucket, count) in histogram.Where(p => p.Value > 0).OrderBy(p => p.Key))
        {
            seen += count;
            if (seen >= rank) return bucket;
        }
        return histogram.Keys.Max();
    }
}
