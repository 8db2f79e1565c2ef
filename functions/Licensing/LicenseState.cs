namespace WaFunctions.Licensing;

/// <summary>
/// The license as of now. The signature is checked once; expiry is checked against the clock on
/// every read, so a license that runs out while the app is up locks writes without a restart.
/// </summary>
internal sealed class LicenseState(LicenseSettings settings, TimeProvider clock)
{
    private readonly LicenseStatus _signed = LicenseToken.VerifySignature(settings.Token, settings.PublicKey);

    public LicenseStatus Current => LicenseToken.AtTime(_signed, clock.GetUtcNow());
}
