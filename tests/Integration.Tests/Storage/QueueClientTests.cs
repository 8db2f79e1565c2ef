using Azure;
using WaFunctions.Storage;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    private async Task<QueueClient> NewQueueAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queue = new QueueClient(azurite.Account, AzuriteFixture.UniqueName("q"), new QueueClientOptions { MessageEncoding = encoding });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task Send_receive_delete_round_trips_unicode_text()
    {
        var queue = await NewQueueAsync();
        const string text = "{\"v\":1,\"text\":\"नमस्ते 👋 <b>&amp;</b>\"}";
        var receipt = (await queue.SendMessageAsync(text)).Value;
        var received = Assert.Single((await queue.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(30))).Value);
        Assert.Equal(receipt.MessageId, received.MessageId);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(1, received.DequeueCount);
        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_visibility_delay_hides_the_message_until_it_passes()
    {
        var queue = await NewQueueAsync();
        var sent = (await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
        Assert.True(sent.TimeNextVisible > sent.InsertionTime.AddSeconds(1));
        Assert.Empty((await queue.ReceiveMessagesAsync(1)).Value);
        var received = await Wait.UntilAsync(async () => (await queue.ReceiveMessagesAsync(1)).Value.FirstOrDefault(), TimeSpan.FromSeconds(10), "the delayed message");
        Assert.Equal("later", received.MessageText);
        Assert.True(DateTimeOffset.UtcNow >= sent.TimeNextVisible.AddMilliseconds(-500));
    }

    [Fact]
    public async Task A_received_message_reappears_after_its_visibility_timeout_with_a_higher_dequeue_count()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("retry me");
        var first = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
        Assert.Empty((await queue.ReceiveMessagesAsync(1)).Value);
        var second = await Wait.UntilAsync(async () => (await queue.ReceiveMessagesAsync(1)).Value.FirstOrDefault(), TimeSpan.FromSeconds(10), "redelivery");
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        // The first receiver's pop receipt is no longer valid.
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(first.MessageId, first.PopReceipt));
        Assert.Equal(400, e.Status);
        Assert.Equal("PopReceiptMismatch", e.ErrorCode);
    }

    [Fact]
    public async Task Update_visibility_extends_the_lease_and_returns_a_new_pop_receipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("lease");
        var m = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
        var update = (await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, "changed", TimeSpan.FromSeconds(0))).Value;
        Assert.NotEqual(m.PopReceipt, update.PopReceipt);
        var again = Assert.Single((await queue.ReceiveMessagesAsync(1)).Value);
        Assert.Equal("changed", again.MessageText);
    }

    [Fact]
    public async Task Peek_does_not_dequeue_and_count_is_approximate_message_count()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 3; i++) await queue.SendMessageAsync($"m{i}");
        var peeked = (await queue.PeekMessagesAsync(32)).Value;
        Assert.Equal(["m0", "m1", "m2"], peeked.Select(p => p.MessageText));
        Assert.All(peeked, p => Assert.Equal(0, p.DequeueCount));
        Assert.Equal(3, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(3, (await queue.ReceiveMessagesAsync(32)).Value.Length);
    }

    [Fact]
    public async Task Time_to_live_expires_a_message()
    {
        var queue = await NewQueueAsync();
        var sent = (await queue.SendMessageAsync("short-lived", timeToLive: TimeSpan.FromSeconds(1))).Value;
        Assert.True(sent.ExpirationTime <= sent.InsertionTime.AddSeconds(2));
        await Wait.UntilAsync(async () => (await queue.PeekMessagesAsync(1)).Value.Length == 0, TimeSpan.FromSeconds(10), "expiry");
    }

    [Fact]
    public async Task Plain_encoding_sends_xml_special_characters_safely()
    {
        var queue = await NewQueueAsync(QueueMessageEncoding.None);
        await queue.SendMessageAsync("<tag attr=\"1\">&</tag>");
        Assert.Equal("<tag attr=\"1\">&</tag>", Assert.Single((await queue.ReceiveMessagesAsync(1)).Value).MessageText);
    }

    [Fact]
    public async Task Operations_on_a_missing_queue_fail_with_QueueNotFound()
    {
        var queue = new QueueClient(azurite.Account, AzuriteFixture.UniqueName("missing"));
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("x"));
        Assert.Equal(404, e.Status);
        Assert.Equal("QueueNotFound", e.ErrorCode);
    }

    [Fact]
    public async Task A_wrong_account_key_is_refused_with_an_authentication_error()
    {
        var bad = azurite.ConnectionString.Replace(StorageAccount.DevelopmentAccountKey, Convert.ToBase64String(new byte[64]));
        var queue = new QueueClient(bad, "anyqueue");
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => queue.CreateIfNotExistsAsync());
        Assert.Equal(403, e.Status);
    }
}
