using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using WaFunctions.Errors;

namespace WaFunctions.Api;

/// <summary>
/// A query parameter an endpoint reads. Declared once as a static field, it both parses the request (with a 400
/// that names it) and describes itself in the API description (<c>.WithQuery(...)</c>), so the two cannot drift: reading
/// a parameter the endpoint did not declare throws on the first request that reaches it.
/// </summary>
public abstract record QueryParameter(string Name, string Description)
{
    /// <summary>The parameter's schema for the API description: type, bounds, choices, default.</summary>
    public abstract OpenApiSchema Schema();

    protected string? Raw(HttpRequest request)
    {
        if (request.HttpContext.GetEndpoint() is { } endpoint && !endpoint.Metadata.OfType<QueryParameter>().Contains(this))
            throw new InvalidOperationException($"{endpoint.DisplayName} reads query parameter '{Name}' without declaring it with WithQuery(...).");
        var raw = request.Query[Name].ToString();
        return raw.Length == 0 ? null : raw;
    }
}

/// <summary>A whole number from <see cref="Min"/> to <see cref="Max"/>; <see cref="Default"/> when left out.</summary>
public sealed record NumberQuery(string Name, int Default, int Min, int Max, string Description) : QueryParameter(Name, Description)
{
    public int Read(HttpRequest request)
    {
        if (Raw(request) is not { } raw) return Default;
        return int.TryParse(raw, out var value) && value >= Min && value <= Max
            ? value
            : throw new InvalidInputException($"Query parameter '{Name}' must be a whole number from {Min} to {Max}.");
    }

    public override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Integer, Format = "int32", Minimum = Min.ToString(), Maximum = Max.ToString(), Default = JsonValue.Create(Default),
    };
}

/// <summary>Free text up to <see cref="MaxLength"/> characters; null when left out or empty.</summary>
public sealed record TextQuery(string Name, int MaxLength, string Description) : QueryParameter(Name, Description)
{
    public string? Read(HttpRequest request) => Raw(request) is { } raw && raw.Length > MaxLength
        ? throw new InvalidInputException($"Query parameter '{Name}' is longer than {MaxLength} characters.")
        : Raw(request);

    public override OpenApiSchema Schema() => new() { Type = JsonSchemaType.String, MaxLength = MaxLength };
}

/// <summary>One of <see cref="Choices"/>; <see cref="Default"/> (which may be null: no filter) when left out.</summary>
public sealed record ChoiceQuery(string Name, IReadOnlyCollection<string> Choices, string Description, string? Default = null)
    : QueryParameter(Name, Description)
{
    public string? Read(HttpRequest request) => Raw(request) switch
    {
        null => Default,
        var raw when Choices.Contains(raw) => raw,
        _ => throw new InvalidInputException($"Query parameter '{Name}' must be one of: {string.Join(", ", Choices)}."),
    };

    public override OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.String,
        Enum = Choices.Select(c => (JsonNode)JsonValue.Create(c)).ToList(),
        Default = Default is null ? null : JsonValue.Create(Default),
    };
}

/// <summary>The paging parameters every list shares: a page size and the opaque cursor of the previous page.</summary>
public static class Paging
{
    public static NumberQuery Limit(int @default, int max) =>
        new("limit", @default, 1, max, $"How many items to return (1 to {max}, default {@default}).");

    public static readonly TextQuery Cursor = new("cursor", 2000, "The nextCursor of the previous page; leave out for the first page.");
}
