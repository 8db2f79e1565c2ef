namespace WaFunctions.Auth;

/// <summary>
/// Endpoint metadata saying who may call it. Every endpoint carries exactly one of the two; <see cref="ApiGate"/>
/// refuses (404) any endpoint that carries neither, so a route added without a decision is never served open.
/// </summary>
public sealed record RequiredScope(string Scope)
{
    /// <summary>Needs a valid key and no particular scope.</summary>
    public bool AnyKey => Scope.Length == 0;
}

/// <summary>Served without a key on purpose; <see cref="Why"/> says why, for whoever audits the route list.</summary>
public sealed record PublicByDesign(string Why);
