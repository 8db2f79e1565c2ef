namespace WaFunctions.Licensing;

/// <summary>
/// The outcome of checking a license. <paramref name="Payload"/> is set for <c>valid</c> and
/// <c>expired</c>; <paramref name="Problem"/> says in a few words why it is not valid.
/// </summary>
internal sealed record LicenseStatus(string Status, LicensePayload? Payload, string? Problem)
{
    public const string Valid = "valid";
    public const string Expired = "expired";
    public const string Invalid = "invalid";
    public const string Missing = "missing";

    public bool IsValid => Status == Valid;

    public static LicenseStatus NotValid(string problem) => new(Invalid, null, problem);
}
