using System.Text.Json;
using Azure;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

public class TableEntityJsonTests
{
    private static TableEntity RoundTrip(TableEntity entity)
    {
        using var doc = JsonDocument.Parse(TableEntityJson.Serialize(entity));
        return TableEntityJson.Read(doc.RootElement);
    }

    private static object? RoundTripValue(object value) => RoundTrip(new TableEntity("p", "r") { ["V"] = value })["V"];

    [Fact]
    public void RoundTrip_Keys()
    {
        var back = RoundTrip(new TableEntity("pk 'x'", "rk/%"));
        Assert.Equal("pk 'x'", back.PartitionKey);
        Assert.Equal("rk/%", back.RowKey);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("quote \" and unicode 👋")]
    [InlineData(0)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(1L)] // a small long must stay a long, not come back as int
    [InlineData(2.0)] // an integral double must stay a double
    [InlineData(0.0)]
    [InlineData(-1.5)]
    [InlineData(1e300)]
    [InlineData(double.Epsilon)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTrip_KeepsValueAndClrType(object value)
    {
        var back = RoundTripValue(value);
        Assert.NotNull(back);
        Assert.IsType(value.GetType(), back);
        Assert.Equal(value, back);
    }

    [Fact]
    public void RoundTrip_DateTimeOffset_ComesBackInUtcWithFullPrecision()
    {
        var value = new DateTimeOffset(2025, 6, 29, 12, 15, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var back = Assert.IsType<DateTimeOffset>(RoundTripValue(value));
        Assert.Equal(value, back);
        Assert.Equal(TimeSpan.Zero, back.Offset);
        Assert.Equal(value.UtcTicks, back.UtcTicks);
    }

    [Fact]
    public void RoundTrip_UtcDateTime_ComesBackAsDateTimeOffset()
    {
        var value = new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1);
        var back = Assert.IsType<DateTimeOffset>(RoundTripValue(value));
        Assert.Equal(value, back.UtcDateTime);
    }

    [Fact]
    public void RoundTrip_GuidAndBinary()
    {
        var g = Guid.NewGuid();
        Assert.Equal(g, Assert.IsType<Guid>(RoundTripValue(g)));
        var bytes = new byte[] { 0, 1, 2, 254, 255 };
        Assert.Equal(bytes, Assert.IsType<byte[]>(RoundTripValue(bytes)));
        Assert.Equal(Array.Empty<byte>(), Assert.IsType<byte[]>(RoundTripValue(Array.Empty<byte>())));
    }

    [Fact]
    public void Serialize_AnnotatesTypesTheServiceCannotInfer()
    {
        var entity = new TableEntity("p", "r")
        {
            ["S"] = "s", ["I"] = 1, ["B"] = true, ["L"] = 5L, ["D"] = 2.0,
            ["G"] = Guid.Empty, ["T"] = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), ["X"] = new byte[] { 1 },
        };
        using var doc = JsonDocument.Parse(TableEntityJson.Serialize(entity));
        var root = doc.RootElement;
        Assert.False(root.TryGetProperty("S@odata.type", out _));
        Assert.False(root.TryGetProperty("I@odata.type", out _));
        Assert.False(root.TryGetProperty("B@odata.type", out _));
        Assert.Equal("Edm.Int64", root.GetProperty("L@odata.type").GetString());
        Assert.Equal("5", root.GetProperty("L").GetString());
        Assert.Equal("Edm.Double", root.GetProperty("D@odata.type").GetString());
        Assert.Equal("Edm.Guid", root.GetProperty("G@odata.type").GetString());
        Assert.Equal("Edm.DateTime", root.GetProperty("T@odata.type").GetString());
        Assert.Equal("2025-01-01T00:00:00.0000000Z", root.GetProperty("T").GetString());
        Assert.Equal("Edm.Binary", root.GetProperty("X@odata.type").GetString());
        Assert.Equal("AQ==", root.GetProperty("X").GetString());
    }

    [Fact]
    public void Serialize_OmitsNullProperties()
    {
        var entity = new TableEntity("p", "r") { ["Gone"] = null, ["Kept"] = "k" };
        using var doc = JsonDocument.Parse(TableEntityJson.Serialize(entity));
        Assert.False(doc.RootElement.TryGetProperty("Gone", out _));
        Assert.Equal(3, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Serialize_DoesNotWriteTimestampOrETag()
    {
        var entity = new TableEntity("p", "r") { ETag = new ETag("W/\"x\"") };
        using var doc = JsonDocument.Parse(TableEntityJson.Serialize(entity));
        Assert.Equal(["PartitionKey", "RowKey"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData('c')]
    [InlineData((short)1)]
    public void Serialize_UnsupportedTypeThrows(object value) =>
        Assert.Throws<NotSupportedException>(() => TableEntityJson.Serialize(new TableEntity("p", "r") { ["V"] = value }));

    [Fact]
    public void Serialize_DecimalThrows() =>
        Assert.Throws<NotSupportedException>(() => TableEntityJson.Serialize(new TableEntity("p", "r") { ["V"] = 1m }));

    private const string ServiceJson = """
        {
          "odata.metadata": "https://acct.table.core.windows.net/$metadata#t/@Element",
          "odata.etag": "W/\"datetime'2025-06-29T10%3A15%3A00.1234567Z'\"",
          "PartitionKey": "p",
          "RowKey": "r",
          "Timestamp": "2025-06-29T10:15:00.1234567Z",
          "Name": "Bob",
          "Count": 3,
          "Ratio": 2.5,
          "Whole": 4.0,
          "Exp": 1e3,
          "Big": 3000000000,
          "Flag": true,
          "Nothing": null,
          "Seq@odata.type": "Edm.Int64",
          "Seq": "9007199254740993",
          "Price@odata.type": "Edm.Double",
          "Price": 3,
          "When@odata.type": "Edm.DateTime",
          "When": "2025-01-02T03:04:05Z",
          "Id@odata.type": "Edm.Guid",
          "Id": "0f8fad5b-d9cb-469f-a165-70867728950e",
          "Blob@odata.type": "Edm.Binary",
          "Blob": "AAE="
        }
        """;

    [Fact]
    public void Read_ServiceShapedJson()
    {
        using var doc = JsonDocument.Parse(ServiceJson);
        var e = TableEntityJson.Read(doc.RootElement);

        Assert.Equal("p", e.PartitionKey);
        Assert.Equal("r", e.RowKey);
        Assert.Equal(new ETag("W/\"datetime'2025-06-29T10%3A15%3A00.1234567Z'\""), e.ETag);
        Assert.Equal(new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero).AddTicks(1234567), e.Timestamp);
        Assert.False(e.ContainsKey("Timestamp"));
        Assert.DoesNotContain(e.Keys, k => k.StartsWith("odata.", StringComparison.Ordinal) || k.EndsWith("@odata.type", StringComparison.Ordinal));

        Assert.Equal("Bob", Assert.IsType<string>(e["Name"]));
        Assert.Equal(3, Assert.IsType<int>(e["Count"]));
        Assert.Equal(2.5, Assert.IsType<double>(e["Ratio"]));
        Assert.Equal(4.0, Assert.IsType<double>(e["Whole"]));
        Assert.Equal(1000.0, Assert.IsType<double>(e["Exp"]));
        Assert.Equal(3000000000.0, Assert.IsType<double>(e["Big"]));
        Assert.True(Assert.IsType<bool>(e["Flag"]));
        Assert.Null(e["Nothing"]);
        Assert.Equal(9007199254740993L, Assert.IsType<long>(e["Seq"]));
        Assert.Equal(3.0, Assert.IsType<double>(e["Price"]));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), Assert.IsType<DateTimeOffset>(e["When"]));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Assert.IsType<Guid>(e["Id"]));
        Assert.Equal(new byte[] { 0, 1 }, Assert.IsType<byte[]>(e["Blob"]));
    }

    [Fact]
    public void Read_AnnotatedTimestampAndInt32AsString()
    {
        using var doc = JsonDocument.Parse("""{"Timestamp@odata.type":"Edm.DateTime","Timestamp":"2025-06-29T10:15:00Z","N@odata.type":"Edm.Int32","N":"7"}""");
        var e = TableEntityJson.Read(doc.RootElement);
        Assert.Equal(new DateTimeOffset(2025, 6, 29, 10, 15, 0, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(7, Assert.IsType<int>(e["N"]));
    }

    [Fact]
    public void Read_UsesHeaderETagOnlyWhenBodyHasNone()
    {
        var header = new ETag("W/\"header\"");
        using var without = JsonDocument.Parse("""{"PartitionKey":"p"}""");
        Assert.Equal(header, TableEntityJson.Read(without.RootElement, header).ETag);
        using var with = JsonDocument.Parse("""{"odata.etag":"W/\"body\"","PartitionKey":"p"}""");
        Assert.Equal(new ETag("W/\"body\""), TableEntityJson.Read(with.RootElement, header).ETag);
    }

    [Fact]
    public void Read_NestedObjectIsRejected()
    {
        using var doc = JsonDocument.Parse("""{"X":{"a":1}}""");
        Assert.Throws<FormatException>(() => TableEntityJson.Read(doc.RootElement));
    }
}
