using Microsoft.AspNetCore.Http.Metadata;
using WaFunctions.Api;
using WaFunctions.Auth;

namespace WaFunctions.OpenApi;

/// <summary>An error answer an endpoint gives: its status, its <c>error</c> code and when it happens.</summary>
public sealed record DescribedError(int Status, string Code, string When);

/// <summary>A file the endpoint answers 200 with, as <see cref="ContentType"/> (alongside any JSON answer it declares).</summary>
public sealed record DescribedFile(string ContentType);

/// <summary>
/// What an endpoint declares about its answers, read by the API description (<see cref="OpenApiOperations"/>) and
/// checked against what the endpoint really answers (<see cref="DescribedAnswers"/>).
/// </summary>
public static class EndpointDescription
{
    /// <summary>Answers <paramref name="status"/> with <c>{ "data": T }</c>.</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) where T : notnull =>
        builder.Produces<Envelope<T>>(status);

    /// <summary>Answers 200 with one page: <c>{ "data": [T], "nextCursor" }</c>.</summary>
    public static RouteHandlerBuilder ReturnsPage<T>(this RouteHandlerBuilder builder) where T : notnull => builder.Produces<Page<T>>();

    /// <summary>Answers 204 without a body.</summary>
    public static RouteHandlerBuilder ReturnsNothing(this RouteHandlerBuilder builder) => builder.Produces(StatusCodes.Status204NoContent);

    /// <summary>Answers 200 with a file of <paramref name="contentType"/> (besides any JSON answer it declares).</summary>
    public static RouteHandlerBuilder ReturnsFile(this RouteHandlerBuilder builder, string contentType) =>
        builder.WithMetadata(new DescribedFile(contentType));

    /// <summary>An error answer beyond the ones every endpoint of its kind gives (<see cref="ErrorsOf"/>).</summary>
    public static RouteHandlerBuilder Fails(this RouteHandlerBuilder builder, int status, string code, string when) =>
        builder.WithMetadata(new DescribedError(status, code, when));

    /// <summary>The query parameters the endpoint reads, in the order the description lists them.</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params QueryParameter[] parameters) =>
        builder.WithMetadata(parameters);

    /// <summary>
    /// Every error an endpoint can answer: those it declares plus those that follow from its kind (keyed, scoped,
    /// a write, with a body, with parameters, addressing one item). One list serves the description and the check.
    /// </summary>
    public static IEnumerable<DescribedError> ErrorsOf(IEnumerable<object> metadata, string method, bool addressesItem)
    {
        foreach (var declared in metadata.OfType<DescribedError>()) yield return declared;
        var write = method is not ("GET" or "HEAD");
        var hasBody = metadata.OfType<IAcceptsMetadata>().Any();
        if (metadata.OfType<RequiredScope>().FirstOrDefault() is { } scope)
        {
            yield return new(401, "invalid_api_key", "The key is missing, malformed, unknown or disabled.");
            if (!scope.AnyKey) yield return new(403, "insufficient_scope", $"The key does not grant {scope.Scope}.");
            yield return new(429, "rate_limited", "The key is over its per-minute budget; retry after Retry-After seconds.");
            if (write) yield return new(402, "license_locked", "Writes are locked until the license is renewed.");
        }
        if (hasBody || metadata.OfType<QueryParameter>().Any())
            yield return new(400, "invalid_input", "A field, parameter or the body is invalid; the message names it.");
        if (hasBody)
        {
            yield return new(413, "payload_too_large", "The body is larger than the API accepts.");
            yield return new(415, "invalid_input", "The body is not application/json.");
        }
        if (addressesItem) yield return new(404, "not_found", "No such item.");
        if (write) yield return new(409, "conflict", "The item kept changing under this request; read it again and retry.");
        yield return new(503, "storage_unavailable", "Storage is not reachable right now; retry after Retry-After seconds.");
    }
}
