using WaFunctions.Messages;

namespace WaFunctions.Tests.Messaging;

public class DeliveryStatusTests
{
    /// <summary>Applies reports in the given order and returns where the status ends.</summary>
    private static string Fold(params (string Status, long Seq)[] reports)
    {
        var (status, seq) = ("queued", 0L);
        foreach (var (s, q) in reports)
            if (DeliveryStatus.Replaces(status, seq, s, q)) (status, seq) = (s, q);
        return status;
    }

    [Theory]
    [InlineData("queued", "sent", true)]
    [InlineData("sent", "delivered", true)]
    [InlineData("delivered", "read", true)]
    [InlineData("read", "played", true)]
    [InlineData("read", "delivered", false)]
    [InlineData("delivered", "sent", false)]
    [InlineData("played", "read", false)]
    [InlineData("queued", "failed", true)]
    [InlineData("failed", "delivered", true)]
    [InlineData("read", "failed", false)]
    [InlineData("sent", "sent", false)]
    [InlineData("sent", "bogus", false)]
    public void StatusOnlyMovesForward(string current, string incoming, bool replaces) =>
        Assert.Equal(replaces, DeliveryStatus.Replaces(current, 5, incoming, 10));

    [Fact]
    public void ReceiptsBeforeTheSendReportKeepTheFurthestStatus()
    {
        Assert.Equal("read", Fold(("delivered", 3), ("read", 4), ("sent", 2)));
        Assert.Equal("read", Fold(("read", 4), ("delivered", 3), ("sent", 2)));
        Assert.Equal("read", Fold(("sent", 2), ("delivered", 3), ("read", 4)));
    }

    [Fact]
    public void BetweenSentAndFailedTheLaterReportWinsInAnyArrivalOrder()
    {
        // A retryable failure (seq 2) and then a successful retry (seq 7).
        Assert.Equal("sent", Fold(("failed", 2), ("sent", 7)));
        Assert.Equal("sent", Fold(("sent", 7), ("failed", 2)));
        // Sent (seq 2), then a failure receipt (seq 7).
        Assert.Equal("failed", Fold(("sent", 2), ("failed", 7)));
        Assert.Equal("failed", Fold(("failed", 7), ("sent", 2)));
    }

    [Fact]
    public void ProofOfDeliveryBeatsAFailure() => Assert.Equal("delivered", Fold(("failed", 9), ("delivered", 3)));
}
