using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using WaFunctions.Storage;

namespace WaFunctions.Tests;

/// <summary>
/// What a stalled storage throws, classified: the SDK clients against a listener that accepts connections and never
/// answers (a frozen Azurite, a black-holed network path), with a short network timeout so the test is quick.
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public StorageFaultTests()
    {
        _silent.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try { lock (_held) _held.Add(_silent.AcceptSocket()); }
                catch (SocketException) { return; }
                await Task.Yield();
            }
        });
    }

    private int Port => ((IPEndPoint)_silent.LocalEndpoint).Port;

    private static T Quick<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(300);
        return options;
    }

    [Fact]
    public async Task A_queue_receive_that_times_out_is_a_storage_fault_and_an_outage()
    {
        var queue = new QueueClient($"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};QueueEndpoint=http://127.0.0.1:{Port}/{Account};",
            "engine-events", Quick(new QueueClientOptions()));

        var thrown = await Record.ExceptionAsync(() => queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30)));

        Assert.NotNull(thrown);
        Assert.True(StorageFault.Is(thrown), $"not classified as a storage fault: {thrown}");
        Assert.True(StorageFault.IsOutage(thrown), "a timeout is an outage (the API answers 503)");
    }

    [Fact]
    public async Task A_table_read_whose_single_try_times_out_is_a_storage_fault()
    {
        var options = Quick(new TableClientOptions());
        options.Retry.MaxRetries = 0; // the timeout itself, not wrapped in the retry policy's AggregateException
        var table = new TableClient(new Uri($"http://127.0.0.1:{Port}/{Account}/contacts"), "contacts", new TableSharedKeyCredential(Account, AccountKey), options);

        var thrown = await Record.ExceptionAsync(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(StorageFault.Is(thrown), $"not classified as a storage fault: {thrown!.Message}");
    }

    [Fact]
    public async Task A_cancellation_the_caller_asked_for_is_not_a_storage_fault()
    {
        var options = Quick(new TableClientOptions());
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30); // the caller gives up first
        var table = new TableClient(new Uri($"http://127.0.0.1:{Port}/{Account}/contacts"), "contacts", new TableSharedKeyCredential(Account, AccountKey), options);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var thrown = await Record.ExceptionAsync(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r", cancellationToken: caller.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.False(StorageFault.Is(thrown), "the caller's own cancellation must not be mistaken for a storage outage");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _silent.Stop();
        lock (_held) foreach (var socket in _held) socket.Dispose();
        _stop.Dispose();
    }
}
