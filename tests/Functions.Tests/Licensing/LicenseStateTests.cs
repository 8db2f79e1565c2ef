using WaFunctions.Licensing;
using static WaFunctions.Tests.Licensing.LicenseTestKit;

namespace WaFunctions.Tests.Licensing;

public class LicenseStateTests
{
    [Fact]
    public void ExpiresWhileRunning()
    {
        using var key = NewKey();
        var clock = new ManualClock(Now);
        var state = new LicenseState(Settings("enforce", key, Mint(key, Now.AddHours(1))), clock);
        Assert.Equal(LicenseStatus.Valid, state.Current.Status);

        clock.Now = Now.AddHours(1).AddTicks(-1);
        Assert.Equal(LicenseStatus.Valid, state.Current.Status);

        clock.Now = Now.AddHours(1);
        Assert.Equal(LicenseStatus.Expired, state.Current.Status);
    }

    [Fact]
    public void ExpiredLicenseLocksWritesOnceTheClockPassesIt()
    {
        using var key = NewKey();
        var clock = new ManualClock(Now);
        var settings = Settings("enforce", key, Mint(key, Now.AddMinutes(5)));
        var state = new LicenseState(settings, clock);
        Assert.Null(LicenseGate.Check(LicenseGateTests.Request("POST"), state, settings));

        clock.Now = Now.AddMinutes(5);
        Assert.NotNull(LicenseGate.Check(LicenseGateTests.Request("POST"), state, settings));
    }

    [Theory]
    [InlineData(LicenseStatus.Valid)]
    [InlineData(LicenseStatus.Expired)]
    [InlineData(LicenseStatus.Invalid)]
    [InlineData(LicenseStatus.Missing)]
    public void StatusOfEachKind(string status) =>
        Assert.Equal(status, WithLicense("enforce", status).State.Current.Status);
}
