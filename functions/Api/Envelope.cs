namespace WaFunctions.Api;

/// <summary>The contract's envelope for one item, or for a short list that is never paged: <c>{ "data": … }</c>.</summary>
public sealed record Envelope<T>(T Data) where T : notnull;

/// <summary>One page of a list: <c>{ "data": [ … ], "nextCursor": "…" | null }</c>; a null cursor means the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor) where T : notnull;

/// <summary>
/// Success answers in the contract's envelopes. Endpoints declare the same types with <c>.Returns&lt;T&gt;()</c> /
/// <c>.ReturnsPage&lt;T&gt;()</c>, and <see cref="OpenApi.DescribedAnswers"/> holds the two together.
/// </summary>
public static class Answer
{
    public static IResult Data<T>(T value, int status = StatusCodes.Status200OK) where T : notnull => TypedResults.Json(new Envelope<T>(value), statusCode: status);

    public static IResult Page<T>(IEnumerable<T> items, string? nextCursor) where T : notnull => TypedResults.Json(new Page<T>(items.ToList(), nextCursor));
}
