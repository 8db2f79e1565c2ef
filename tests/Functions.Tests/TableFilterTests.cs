using System.Globalization;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

public class TableFilterTests
{
    [Fact]
    public void Create_QuotesStringsAndLeavesFormatTextUntouched()
    {
        string pk = "tenant-1", name = "Bob";
        Assert.Equal("PartitionKey eq 'tenant-1' and Name eq 'Bob'",
            TableFilter.Create($"PartitionKey eq {pk} and Name eq {name}"));
    }

    [Fact]
    public void Create_HostileValueStaysInsideOneLiteral()
    {
        var hostile = "x' or PartitionKey eq 'a";
        var filter = TableFilter.Create($"RowKey eq {hostile}");
        Assert.Equal("RowKey eq 'x'' or PartitionKey eq ''a'", filter);
        // Every quote after the opening one is doubled up to the closing quote: one literal, no escape.
        var literal = filter["RowKey eq ".Length..];
        Assert.Equal('\'', literal[0]);
        Assert.Equal('\'', literal[^1]);
        Assert.DoesNotContain("'", literal[1..^1].Replace("''", ""));
    }

    [Fact]
    public void Create_ValueWithBracesIsNotReinterpretedAsFormatItem()
    {
        var v = "{0}{1}";
        Assert.Equal("Name eq '{0}{1}'", TableFilter.Create($"Name eq {v}"));
    }

    [Fact]
    public void Create_EscapedBracesInFormatStayLiteral()
    {
        var v = 1;
        Assert.Equal("{ X eq 1 }", TableFilter.Create($"{{ X eq {v} }}"));
    }

    [Theory]
    [InlineData(42, "42")]
    [InlineData(-7, "-7")]
    public void Literal_Int(int value, string expected) => Assert.Equal(expected, TableFilter.Literal(value));

    [Fact]
    public void Literal_LongGetsSuffix()
    {
        Assert.Equal("5000000000L", TableFilter.Literal(5_000_000_000L));
        Assert.Equal("1L", TableFilter.Literal(1L));
        Assert.Equal("-3L", TableFilter.Literal(-3L));
    }

    [Fact]
    public void Literal_DateTimeOffsetInUtcWithSevenFractionDigits()
    {
        var local = new DateTimeOffset(2025, 6, 29, 12, 15, 30, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal("datetime'2025-06-29T10:15:30.1234567Z'", TableFilter.Literal(local));
        Assert.Equal("datetime'2025-01-01T00:00:00.0000000Z'",
            TableFilter.Literal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Literal_Guid()
    {
        var g = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Assert.Equal("guid'0f8fad5b-d9cb-469f-a165-70867728950e'", TableFilter.Literal(g));
    }

    [Fact]
    public void Literal_Bool()
    {
        Assert.Equal("true", TableFilter.Literal(true));
        Assert.Equal("false", TableFilter.Literal(false));
    }

    [Theory]
    [InlineData(2.0, "2.0")]
    [InlineData(-3.0, "-3.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    public void Literal_DoubleAlwaysHasDecimalPoint(double value, string expected) =>
        Assert.Equal(expected, TableFilter.Literal(value));

    [Theory]
    [InlineData(1e20)]
    [InlineData(1.2345e-7)]
    [InlineData(double.MaxValue)]
    public void Literal_ExtremeDoubleRoundTrips(double value)
    {
        var literal = TableFilter.Literal(value);
        Assert.True(literal.Contains('.') || literal.Contains('E'), literal);
        Assert.Equal(value, double.Parse(literal, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "INF")]
    [InlineData(double.NegativeInfinity, "-INF")]
    public void Literal_NonFiniteDoubleIsValidODataOrRefused(double value, string odata)
    {
        // OData's literals are NaN, INF and -INF; appending ".0" (e.g. "NaN.0") yields an invalid filter.
        string literal;
        try { literal = TableFilter.Literal(value); }
        catch (NotSupportedException) { return; }
        Assert.Equal(odata, literal);
    }

    [Fact]
    public void Literal_Binary()
    {
        Assert.Equal("X'00FF10AB'", TableFilter.Literal(new byte[] { 0x00, 0xFF, 0x10, 0xAB }));
        Assert.Equal("X''", TableFilter.Literal(Array.Empty<byte>()));
    }

    [Fact]
    public void Literal_Null()
    {
        string? missing = null;
        Assert.Equal("Name eq null", TableFilter.Create($"Name eq {missing}"));
    }

    [Fact]
    public void Literal_EmptyStringAndUnicode()
    {
        Assert.Equal("''", TableFilter.Literal(""));
        Assert.Equal("'héllo 👋 \"q\"'", TableFilter.Literal("héllo 👋 \"q\""));
    }

    [Fact]
    public void Create_MixedTypes()
    {
        var id = Guid.Parse("00000000-0000-0000-0000-000000000001");
        long seq = 9;
        var active = true;
        Assert.Equal("Id eq guid'00000000-0000-0000-0000-000000000001' and Seq gt 9L and Active eq true",
            TableFilter.Create($"Id eq {id} and Seq gt {seq} and Active eq {active}"));
    }

    [Fact]
    public void Literal_UnsupportedTypesThrow()
    {
        Assert.Throws<NotSupportedException>(() => TableFilter.Literal(1.5m));
        Assert.Throws<NotSupportedException>(() => TableFilter.Literal(1.5f));
        Assert.Throws<NotSupportedException>(() => TableFilter.Literal(new object()));
        var weird = new Uri("http://x");
        Assert.Throws<NotSupportedException>(() => TableFilter.Create($"X eq {weird}"));
    }
}
