using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using WaFunctions.Webhooks;

namespace WaFunctions.Tests.Webhooks;

public sealed class WebhookSigningTests
{
    [Fact]
    public void Signs_as_the_Standard_Webhooks_specification_example()
    {
        // The example in the Standard Webhooks specification (MIT): this secret, id, timestamp and body give this signature.
        var signature = WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Generated_secrets_are_well_formed_and_distinct()
    {
        var a = WebhookSigner.NewSecret();
        Assert.Null(WebhookSigner.Problem(a));
        Assert.NotEqual(a, WebhookSigner.NewSecret());
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")] [InlineData("whsec_not base64!")] [InlineData("whsec_c2hvcnQ=")]
    public void Malformed_or_short_secrets_are_rejected(string secret) => Assert.NotNull(WebhookSigner.Problem(secret));

    [Fact]
    public void Secrets_of_24_to_64_bytes_are_accepted()
    {
        Assert.Null(WebhookSigner.Problem("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
        Assert.Null(WebhookSigner.Problem("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
        Assert.NotNull(WebhookSigner.Problem("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(65))));
    }

    [Fact]
    public void During_a_rotation_both_secrets_sign()
    {
        var now = DateTimeOffset.UtcNow;
        var w = new Webhook("wh_00000000000000000000", "https://example.com/", ["*"], null, null, true, null, null,
            WebhookSigner.NewSecret(), WebhookSigner.NewSecret(), now.AddHours(24), 0, now, now);
        Assert.Equal(2, WebhookSigner.SignatureHeader(w.SigningSecrets(now), "evt_1", 1, [1]).Split(' ').Length);
        Assert.Single(w.SigningSecrets(now.AddHours(25)));
    }
}

public sealed class RetryScheduleTests
{
    [Fact]
    public void Ceilings_grow_fourfold_and_are_capped_at_a_day()
    {
        var b = TimeSpan.FromMinutes(1);
        Assert.Equal([1, 4, 16, 64, 256, 1024, 1440, 1440], Enumerable.Range(1, 8).Select(n => (int)RetrySchedule.Ceiling(n, b).TotalMinutes));
        // Full jitter: anywhere from zero up to the ceiling.
        Assert.Equal(TimeSpan.Zero, RetrySchedule.Delay(3, b, 0));
        Assert.Equal(TimeSpan.FromMinutes(8), RetrySchedule.Delay(3, b, 0.5));
        var total = Enumerable.Range(1, 7).Sum(n => RetrySchedule.Ceiling(n, b).TotalHours);
        Assert.InRange(total / 2, 20, 26); // the mean time to give up is about a day
    }
}

public sealed class PayloadChunkTests
{
    [Theory]
    [InlineData(0)] [InlineData(10)] [InlineData(30_000)] [InlineData(95_001)]
    public void Bodies_split_over_properties_come_back_whole(int length)
    {
        // Emoji are surrogate pairs: a chunk boundary must never split one.
        var text = string.Concat(Enumerable.Repeat("a😀", length / 3 + 1))[..length];
        if (length > 0 && char.IsHighSurrogate(text[^1])) text = text[..^1];
        var entity = new TableEntity("p", "r");
        PayloadStore.WriteChunks(entity, "Body", text);
        Assert.All(entity.Where(p => p.Key.StartsWith("Body", StringComparison.Ordinal)).Select(p => p.Value).OfType<string>(), s => Assert.True(s.Length <= 30_000 && (s.Length == 0 || !char.IsHighSurrogate(s[^1]))));
        Assert.Equal(text, PayloadStore.ReadChunks(entity, "Body"));
    }
}
