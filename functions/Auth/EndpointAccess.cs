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

public static class EndpointAccessExtensions
{
    /// <summary>The caller's key must grant <paramref name="scope"/> (<see cref="Scopes.AnyKey"/>: any valid key).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));

    /// <summary>No key needed; <paramref name="why"/> is kept with the endpoint for whoever audits the route list.</summary>
    public static TBuilder AllowPublic<TBuilder>(this TBuilder builder, string why) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicByDesign(why));
}
