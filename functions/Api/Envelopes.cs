namespace WaFunctions.Api;

/// <summary>One resource, as the API answers it: <c>{ "data": { … } }</c>.</summary>
public sealed record DataOf<T>(T Data);

/// <summary>A list, as the API answers it: <c>{ "data": [ … ], "nextCursor": … }</c> (null on the last page).</summary>
public sealed record ListOf<T>(IReadOnlyList<T> Data, string? NextCursor = null);
