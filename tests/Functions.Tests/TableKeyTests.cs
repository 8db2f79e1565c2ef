using System.Text;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

public class TableKeyTests
{
    private static readonly char[] Forbidden = ['/', '\\', '#', '?'];

    private static IEnumerable<char> ControlChars() =>
        Enumerable.Range(0x00, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(i => (char)i);

    [Fact]
    public void Validate_RejectsSlashBackslashHashQuestion()
    {
        foreach (var c in Forbidden)
        {
            var e = Assert.Throws<ArgumentException>(() => TableKey.Validate($"a{c}b", "rowKey"));
            Assert.Equal("rowKey", e.ParamName);
        }
    }

    [Fact]
    public void Validate_RejectsEveryControlCharacter()
    {
        var chars = ControlChars().ToList();
        Assert.Equal(0x20 + 0x21, chars.Count);
        foreach (var c in chars)
            Assert.Throws<ArgumentException>(() => TableKey.Validate("ok" + c, "pk"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("with spaces and 'quotes' \"double\"")]
    [InlineData("ünïcødé ✓ 日本語")]
    [InlineData("emoji 👋🏽")]
    [InlineData("+15551234567@s.whatsapp.net")]
    [InlineData("100% ~!@$^&*()[]{}|;:,.<>=")]
    [InlineData("\u00A0\u00A1")] // just past the C1 control block
    public void Validate_AcceptsOrdinaryKeys(string key) => TableKey.Validate(key, "pk");

    [Fact]
    public void Validate_LengthLimitIs512Chars()
    {
        TableKey.Validate(new string('a', 512), "pk");
        Assert.Throws<ArgumentException>(() => TableKey.Validate(new string('a', 513), "pk"));
    }

    [Fact]
    public void Validate_NullThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => TableKey.Validate(null!, "pk"));

    [Fact]
    public void Encode_EscapesForbiddenAndPercentOnly()
    {
        Assert.Equal("a%2Fb%5Cc%23d%3Fe%25f%00%7F%9F g", TableKey.Encode("a/b\\c#d?e%f\u0000\u007F\u009F g"));
        Assert.Equal("héllo 👋 'x'", TableKey.Encode("héllo 👋 'x'"));
    }

    [Fact]
    public void Decode_LeavesUnescapedTextAlone() =>
        Assert.Equal("abc 'x' 👋", TableKey.Decode("abc 'x' 👋"));

    [Fact]
    public void Decode_EscapeAtEndOfString() => Assert.Equal("a/", TableKey.Decode("a%2F"));

    [Fact]
    public void RoundTrip_EveryForbiddenCharAndPercent()
    {
        var all = new string(Forbidden.Concat(ControlChars()).Append('%').ToArray());
        var encoded = TableKey.Encode(all);
        TableKey.Validate(encoded, "pk");
        Assert.Equal(all, TableKey.Decode(encoded));
    }

    [Fact]
    public void RoundTrip_RandomStrings()
    {
        var random = new Random(20250629);
        // Weighted alphabet: the awkward characters come up often.
        var awkward = "%/\\#?'\"\u0000\u001F\u007F\u0085\u009F 2Faf%25";
        for (var n = 0; n < 2000; n++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 40);
            for (var i = 0; i < length; i++)
            {
                sb.Append(random.Next(4) switch
                {
                    0 => awkward[random.Next(awkward.Length)],
                    1 => (char)random.Next(0x20, 0x7F),
                    2 => (char)random.Next(0x00, 0xA0),
                    _ => (char)random.Next(0xA0, 0xD800),
                });
            }
            var original = sb.ToString();
            var encoded = TableKey.Encode(original);
            Assert.DoesNotContain(encoded, TableKey.IsForbidden);
            Assert.Equal(original, TableKey.Decode(encoded));
        }
    }

    [Fact]
    public void RoundTrip_SurrogatePairs()
    {
        var s = "%👋/\uD83D\uDE00#";
        Assert.Equal(s, TableKey.Decode(TableKey.Encode(s)));
    }
}
