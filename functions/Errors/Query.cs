namespace WaFunctions.Errors;

/// <summary>Reads query parameters with messages that name the parameter, instead of framework binding errors.</summary>
public static class Query
{
    public static int Int(HttpRequest request, string name, int defaultValue, int min, int max)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0) return defaultValue;
        if (!int.TryParse(raw, out var value) || value < min || value > max)
            throw new InvalidInputException($"Query parameter '{name}' must be a whole number from {min} to {max}.");
        return value;
    }

    public static string? String(HttpRequest request, string name, int maxLength = 200)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length > maxLength) throw new InvalidInputException($"Query parameter '{name}' is longer than {maxLength} characters.");
        return raw.Length == 0 ? null : raw;
    }

    public static string? OneOf(HttpRequest request, string name, IReadOnlyCollection<string> allowed)
    {
        var raw = String(request, name);
        if (raw is not null && !allowed.Contains(raw))
            throw new InvalidInputException($"Query parameter '{name}' must be one of: {string.Join(", ", allowed)}.");
        return raw;
    }
}
