using WaFunctions.Broadcasts;
using WaFunctions.Broadcasts.Tick;

namespace WaFunctions.Tests.Broadcasts;

public sealed class BroadcastWatchdogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly BroadcastSettings Production = new(AllowFast: false, new HashSet<string>());

    private static Broadcast Make(string status, DateTimeOffset updatedAt, DateTimeOffset? nextSendAt = null) =>
        new("b_0123456789", "n", "n1a2b3c", "m", status, null, null, 10, 0, 3, null, "tick", nextSendAt, null, Counts.Zero, 0, Now.AddDays(-1), updatedAt, null, null);

    [Theory]
    [InlineData("running")]
    [InlineData("queued")]
    [InlineData("waiting")]
    public void An_active_broadcast_untouched_well_past_its_due_time_is_stalled(string status) =>
        Assert.True(BroadcastWatchdog.IsStalled(Make(status, Now.AddMinutes(-10), Now.AddMinutes(-9)), Now, Production));

    [Theory]
    [InlineData("paused")]
    [InlineData("completed")]
    [InlineData("cancelled")]
    [InlineData("failed")]
    public void Paused_and_finished_broadcasts_are_never_stalled(string status) =>
        Assert.False(BroadcastWatchdog.IsStalled(Make(status, Now.AddDays(-3)), Now, Production));

    [Fact]
    public void Within_the_grace_after_its_due_time_a_broadcast_is_not_stalled()
    {
        Assert.False(BroadcastWatchdog.IsStalled(Make("running", Now.AddMinutes(-10), Now.AddMinutes(-1)), Now, Production));
        Assert.False(BroadcastWatchdog.IsStalled(Make("running", Now.AddSeconds(-30)), Now, Production));
    }

    [Fact]
    public void A_wait_until_tomorrow_or_a_fresh_claim_is_not_a_stall()
    {
        var capped = Make("waiting", Now.AddHours(-5)) with { ResumeAt = Now.AddHours(7) };
        Assert.False(BroadcastWatchdog.IsStalled(capped, Now, Production));
        var claimed = Make("running", Now.AddMinutes(-3)) with { Sending = 3, SendingSince = Now.AddMinutes(-3) };
        Assert.False(BroadcastWatchdog.IsStalled(claimed, Now, Production)); // claim lease 2 min + grace 2 min not over
        Assert.True(BroadcastWatchdog.IsStalled(claimed with { SendingSince = Now.AddMinutes(-5) }, Now, Production));
    }
}
