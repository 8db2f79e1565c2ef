using WaFunctions.Messages;

namespace WaFunctions.Tests.Messaging;

public class JidTests
{
    [Theory]
    [InlineData("919812345678", "919812345678@s.whatsapp.net")]
    [InlineData("+91 98123-45678", "919812345678@s.whatsapp.net")]
    [InlineData(" +1 (555) 010-9999 ", "15550109999@s.whatsapp.net")]
    [InlineData("12345678", "12345678@s.whatsapp.net")]
    [InlineData("123456789012345", "123456789012345@s.whatsapp.net")]
    [InlineData("919812345678@s.whatsapp.net", "919812345678@s.whatsapp.net")]
    [InlineData("919812345678@S.WhatsApp.Net", "919812345678@s.whatsapp.net")]
    [InlineData("120363041234567890@g.us", "120363041234567890@g.us")]
    [InlineData("919812345678-1600000000@g.us", "919812345678-1600000000@g.us")]
    [InlineData("123456789012345@lid", "123456789012345@lid")]
    public void NormalizesNumbersAndJids(string input, string expected) => Assert.Equal(expected, Jid.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234567")]            // 7 digits: too short
    [InlineData("1234567890123456")]   // 16 digits: too long
    [InlineData("++919812345678")]
    [InlineData("91981234567a")]
    [InlineData("919812345678@example.com")]
    [InlineData("abc@s.whatsapp.net")]
    [InlineData("919812345678:3@s.whatsapp.net")]
    [InlineData("@g.us")]
    [InlineData("status@broadcast")]
    [InlineData("1' or '1'='1")]
    public void RejectsEverythingElse(string? input) => Assert.Null(Jid.Normalize(input));

    [Fact]
    public void PhoneOfDropsTheDeviceAndIgnoresGroups()
    {
        Assert.Equal("4915112345678", Jid.PhoneOf("4915112345678:1@s.whatsapp.net"));
        Assert.Equal("4915112345678@s.whatsapp.net", Jid.WithoutDevice("4915112345678:12@s.whatsapp.net"));
        Assert.Null(Jid.PhoneOf("120363041234567890@g.us"));
        Assert.True(Jid.IsGroup("120363041234567890@g.us"));
        Assert.False(Jid.IsGroup("919812345678@s.whatsapp.net"));
    }
}
