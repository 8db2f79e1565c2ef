using System.Globalization;
using System.Text;

namespace WaFunctions.Storage;

/// <summary>
/// Builds OData filters from interpolated strings, escaping every interpolated value as a literal:
/// <c>TableFilter.Create($"PartitionKey eq {pk} and Name eq {name}")</c>. A quote in a value is
/// doubled, so user input can never close the literal and widen the query.
/// </summary>
public static class TableFilter
{
    public static string Create(FormattableString filter)
    {
        var args = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, args);
    }

    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when !double.IsFinite(d) => throw new NotSupportedException("NaN and infinities cannot be filter literals."),
        double d => d.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E')) ? r : r + ".0",
        DateTimeOffset dto => $"datetime'{TableEntityJson.FormatDate(dto)}'",
        Guid g => $"guid'{g:D}'",
        byte[] bytes => $"X'{Convert.ToHexString(bytes)}'",
        _ => throw new NotSupportedException($"A {value.GetType().Name} cannot be a filter literal."),
    };

    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('\'');
        foreach (var c in s) sb.Append(c == '\'' ? "''" : c);
        return sb.Append('\'').ToString();
    }
}
