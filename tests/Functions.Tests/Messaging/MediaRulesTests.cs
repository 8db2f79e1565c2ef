using WaFunctions.Errors;
using WaFunctions.Media;

namespace WaFunctions.Tests.Messaging;

public class MediaRulesTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "image/png")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D }, "video/mp4")]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53 }, "audio/ogg")]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4 }, "audio/mpeg")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "application/pdf")]
    [InlineData(new byte[] { 1, 2, 3 }, null)]
    public void Files_are_recognised_by_their_first_bytes(byte[] first, string? type) => Assert.Equal(type, MediaRules.Sniff(first));

    [Fact]
    public void A_type_is_normalised_or_refused()
    {
        Assert.Equal("audio/ogg; codecs=opus", MediaRules.Normalize(" Audio/OGG ;codecs=opus"));
        Assert.Null(MediaRules.Normalize("jpeg"));
        Assert.Null(MediaRules.Normalize("image/jpeg\r\nX: y"));
        Assert.Equal("audio/ogg", MediaRules.Base("audio/ogg; codecs=opus"));
    }

    [Fact]
    public void The_type_comes_from_the_body_then_the_source_then_the_bytes_and_must_fit_the_kind()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal("image/png", MediaResolver.DecideType("image", null, "application/octet-stream", png, "image.url"));
        Assert.Equal("image/jpeg", MediaResolver.DecideType("image", "image/jpeg", "image/png", png, "image.url"));
        var wrong = Assert.Throws<InvalidInputException>(() => MediaResolver.DecideType("image", null, "image/gif", png, "image.url")).Message;
        Assert.Contains("'image.url'", wrong);
        Assert.Contains("image/gif", wrong);
        Assert.Contains("image/jpeg, image/png", wrong);
        Assert.Contains("could not be recognised", Assert.Throws<InvalidInputException>(() => MediaResolver.DecideType("video", null, null, [1, 2, 3], "video.data")).Message);
        Assert.Equal("application/octet-stream", MediaResolver.DecideType("document", null, null, [1, 2, 3], "document.data"));
        Assert.Contains("image/webp", Assert.Throws<InvalidInputException>(() => MediaResolver.DecideType("sticker", null, "image/png", png, "sticker.url")).Message);
    }

    [Fact]
    public void Limits_are_whatsapps_per_kind()
    {
        Assert.Equal(5 * MediaRules.MiB, MediaRules.Kinds["image"].MaxBytes);
        Assert.Equal(16 * MediaRules.MiB, MediaRules.Kinds["video"].MaxBytes);
        Assert.Equal(16 * MediaRules.MiB, MediaRules.Kinds["audio"].MaxBytes);
        Assert.Equal(100 * MediaRules.MiB, MediaRules.Kinds["document"].MaxBytes);
        Assert.Equal(500 * 1024, MediaRules.Kinds["sticker"].MaxBytes);
        Assert.True(MediaRules.Kinds["audio"].Accepts("audio/ogg; codecs=opus"));
        Assert.True(MediaRules.Kinds["document"].Accepts("text/html"));
    }

    [Fact]
    public void Upload_ids_have_one_shape() =>
        Assert.Equal([true, false, false], new[] { "med_0123456789abcdef0123456789abcdef", "med_../../in/x", "up/med_0123" }.Select(MediaResolver.IsUploadId));
}
