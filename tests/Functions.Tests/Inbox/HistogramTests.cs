using WaFunctions.Analytics;

namespace WaFunctions.Tests.Inbox;

public sealed class HistogramTests
{
    [Theory]
    [InlineData(-5, 0)]
    [InlineData(45, 45)]
    [InlineData(119, 119)]
    [InlineData(125, 120)]
    [InlineData(905, 900)]
    [InlineData(3659, 3600)]
    [InlineData(7230, 7200)]
    [InlineData(86_400 + 599, 86_400)]
    [InlineData(8 * 86_400 + 3599, 8 * 86_400)]
    public void Buckets_keep_seconds_then_coarser_steps(long seconds, long bucket) => Assert.Equal(bucket, Histogram.Bucket(seconds));

    [Fact]
    public void Percentiles_are_nearest_rank_over_the_buckets()
    {
        var h = new Dictionary<long, int>();
        foreach (var s in new long[] { 900, 45, 120 }) Histogram.Add(h, s);
        Assert.Equal(120, Histogram.Percentile(h, 50)); // rank ⌈1.5⌉ = 2
        Assert.Equal(900, Histogram.Percentile(h, 90)); // rank ⌈2.7⌉ = 3
        Assert.Equal(45, Histogram.Percentile(h, 1));
        Assert.Null(Histogram.Percentile(new Dictionary<long, int>(), 50));
        var ten = new Dictionary<long, int>();
        for (var i = 1; i <= 10; i++) Histogram.Add(ten, i * 10);
        Assert.Equal(50, Histogram.Percentile(ten, 50));
        Assert.Equal(90, Histogram.Percentile(ten, 90));
        Assert.Equal(100, Histogram.Percentile(ten, 100));
    }

    [Fact]
    public void Tallies_add_up_with_their_histograms()
    {
        var a = new Tally { In = 2, Opened = 1 };
        a.AddFirstResponse(30);
        var b = new Tally { Out = 3 };
        b.AddFirstResponse(30);
        b.AddResolution(4000);
        var sum = new Tally().Plus(a).Plus(b);
        Assert.Equal((1, 2, 3), (sum.Opened, sum.In, sum.Out));
        Assert.Equal(2, sum.FirstResponse![30]);
        Assert.Equal(1, sum.Resolution![3960]);
        Assert.True(new Tally().IsEmpty);
        Assert.False(sum.IsEmpty);
    }
}
