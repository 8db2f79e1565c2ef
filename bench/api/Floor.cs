using System.Text.Json;
using Azure;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Chats;
using WaFunctions.Messages;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using WaFunctions.Storage;

namespace WaFunctions.Bench;

/// <summary>
/// The raw storage round trips one API request makes in the steady state, done directly with the
/// app's storage clients, one after another as the handler does them. Counts (from reading the code):
/// <list type="bullet">
/// <item>every request — key lookup: 0 (<c>ApiKeyStore</c> caches it for 5 s); rate limit: 1 conditional
/// replace under the last-seen ETag (<c>RateLimiter</c>); key "last used": 0 (once a minute); webhook
/// subscriptions for events: 0 (cached 5 s, and no webhooks exist).</item>
/// <item><c>GET /health</c>: 1 = rate limit only (<c>HealthApi</c>: no storage).</item>
/// <item><c>POST /contacts</c>: 2 = rate limit + 1 entity-group transaction of 3 inserts (contact, phone index,
/// stage copy; <c>ContactStore.CreateAsync</c>); <c>contact.created</c> finds no subscriber, so no queue send.</item>
/// <item><c>POST /messages</c> (no <c>from</c>, no Idempotency-Key, a chat that never wrote): 8 = rate limit + sessions
/// query (<c>SessionStore.FirstReadyAsync</c>) + the chat's reply window, a point read that finds nothing
/// (<c>ReplyWindowStore.IsOpenAsync</c>) + the number's pacing row (<c>PacingStore.GetAsync</c>) + the day's send
/// counter, a point read, and one transaction of counter update and reservation (<c>SendCapStore.ReserveAsync</c>) +
/// message insert (<c>MessageStore.AddOrGetAsync</c>) + queue send on <c>engine-commands</c>
/// (<c>EngineCommands.SendMessageAsync</c>). The app counts one number's sends in turn (<c>SendCapStore</c>'s
/// per-number turn); the floor gives each worker its own counter row, so that turn is part of what the ratio shows.</item>
/// <item><c>GET /chats?limit=50</c> (no <c>sessionId</c>): 3 = rate limit + sessions query + one range scan
/// of 50 activity rows (<c>ChatStore.ListAsync</c> → <c>RangePage</c>).</item>
/// </list>
/// Writes go to <c>benchfloor*</c> tables and a <c>bench-floor</c> queue (same entity shapes), reads to the
/// app's own <c>sessions</c> and <c>chats</c> tables. Each worker has its own rate-limit row, so the floor's
/// conditional updates never conflict.
/// </summary>
internal sealed class Floor(StorageClients storage, int workers)
{
    private readonly TableClient _limits = storage.Table("benchfloorlimits");
    private readonly TableClient _contacts = storage.Table("benchfloorcontacts");
    private readonly TableClient _messages = storage.Table("benchfloormessages");
    private readonly TableClient _sendCaps = storage.Table("benchfloorsendcaps");
    private readonly TableClient _replyWindows = storage.Table(ReplyWindowStore.TableName);
    private readonly TableClient _pacing = storage.Table(PacingSettings.TableName);
    private readonly TableClient _sessions = storage.Table("sessions");
    private readonly TableClient _chats = storage.Table(ChatStore.TableName);
    private readonly QueueClient _queue = storage.Queue("bench-floor");
    private readonly ETag[] _etags = new ETag[workers];
    private readonly int[] _counts = new int[workers];
    private int _next;

    public static readonly IReadOnlyDictionary<string, int> RoundTrips = new Dictionary<string, int>
    {
        ["GET /health"] = 1, ["POST /contacts"] = 2, ["POST /messages"] = 8, ["GET /chats?limit=50"] = 3,
    };

    public async Task InitAsync()
    {
        foreach (var t in new[] { _limits, _contacts, _messages, _sendCaps }) await t.CreateIfNotExistsAsync();
        await _queue.CreateIfNotExistsAsync();
        for (var w = 0; w < workers; w++)
        {
            var row = new TableEntity("window", $"k_floor{w}") { ["Window"] = "0", ["Count"] = 0 };
            await _limits.UpsertEntityAsync(row, TableUpdateMode.Replace);
            _etags[w] = (await _limits.GetEntityAsync<TableEntity>("window", $"k_floor{w}")).Value.ETag;
        }
    }

    /// <summary>
    /// Empties <c>engine-commands</c> (filled by POST /messages: no engine-host runs) and <c>bench-floor</c>:
    /// Azurite's queue operations slow down with the number of messages stored in any queue of the account,
    /// so the app's sends and the floor's must start from the same, empty state.
    /// </summary>
    public async Task EmptyQueuesAsync()
    {
        foreach (var q in new[] { storage.Queue("engine-commands"), _queue })
        {
            await q.DeleteIfExistsAsync();
            await q.CreateIfNotExistsAsync();
        }
    }

    public Func<int, Task> For(string endpoint) => endpoint switch
    {
        "GET /health" => RateLimitAsync,
        "POST /contacts" => async w => { await RateLimitAsync(w); await ContactAsync(); },
        "POST /messages" => async w =>
        {
            await RateLimitAsync(w); await SessionsAsync(); await ReplyWindowAsync(); await PacingAsync(); await CountSendAsync(w);
            await MessageAsync(); await SendAsync();
        },
        "GET /chats?limit=50" => async w => { await RateLimitAsync(w); await SessionsAsync(); await ChatsPageAsync(); },
        _ => throw new ArgumentException(endpoint),
    };

    private async Task RateLimitAsync(int worker)
    {
        var row = new TableEntity("window", $"k_floor{worker}") { ["Window"] = DateTime.UtcNow.ToString("yyyyMMddHHmm"), ["Count"] = ++_counts[worker] };
        var replaced = await _limits.UpdateEntityAsync(row, _etags[worker], TableUpdateMode.Replace);
        _etags[worker] = replaced.Headers.ETag.GetValueOrDefault();
    }

    private async Task ContactAsync()
    {
        var i = Interlocked.Increment(ref _next);
        var id = "c_" + Guid.NewGuid().ToString("N")[..20];
        var phone = $"4916{i:D9}";
        var now = DateTimeOffset.UtcNow;
        TableEntity Contact(string rowKey) => new("contacts", rowKey)
        {
            ["Id"] = id, ["Name"] = $"Floor {i}", ["Phone"] = phone, ["Email"] = null, ["Company"] = null, ["Location"] = null,
            ["Owner"] = null, ["Tags"] = "[]", ["Lifecycle"] = "lead", ["LifetimeValue"] = null, ["Notes"] = null,
            ["Version"] = 1, ["CreatedAt"] = now, ["UpdatedAt"] = now,
        };
        await _contacts.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("contacts", "p_" + phone) { ["ContactId"] = id }),
            new(TableTransactionActionType.Add, Contact(id)),
            new(TableTransactionActionType.Add, Contact("s_lead_" + id)),
        ]);
    }

    private async Task SessionsAsync()
    {
        await foreach (var page in _sessions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"session"}"), 200).AsPages(null, 200))
        {
            if (page.Values.Count == 0) throw new InvalidOperationException("No session row.");
            break;
        }
    }

    private Task ReplyWindowAsync() =>
        _replyWindows.GetEntityIfExistsAsync<TableEntity>(Seed.SessionId, TableKey.Encode("4917012345678@s.whatsapp.net"), ["LastInboundAt"]);

    private async Task PacingAsync()
    {
        if (!(await _pacing.GetEntityIfExistsAsync<TableEntity>(PacingSettings.Partition, Seed.SessionId)).HasValue)
            throw new InvalidOperationException("The bench's number has no pacing row.");
    }

    /// <summary>The day's counter (one point read) and one transaction: counter update plus the message's reservation.</summary>
    private async Task CountSendAsync(int worker)
    {
        var day = DateTime.UtcNow.ToString("yyyyMMdd");
        var counter = await _sendCaps.GetEntityIfExistsAsync<TableEntity>($"floor{worker}", day);
        var count = counter.HasValue ? counter.Value!.GetInt32("Count") ?? 0 : 0;
        var next = new TableEntity($"floor{worker}", day) { ["Count"] = count + 1 };
        var clientMessageId = Guid.NewGuid().ToString("N");
        await _sendCaps.SubmitTransactionAsync(
        [
            counter.HasValue ? new(TableTransactionActionType.UpdateReplace, next, counter.Value!.ETag) : new(TableTransactionActionType.Add, next),
            new(TableTransactionActionType.Add, new TableEntity($"floor{worker}", "c_" + clientMessageId) { ["Day"] = day, ["ClientMessageId"] = clientMessageId }),
        ]);
    }

    private async Task MessageAsync()
    {
        var clientMessageId = Guid.NewGuid().ToString("N");
        await _messages.AddEntityAsync(new TableEntity(TableKey.Encode("3EB0" + clientMessageId[..18].ToUpperInvariant()), Seed.SessionId)
        {
            ["ChatId"] = "4917012345678@s.whatsapp.net", ["FromMe"] = true, ["Type"] = "chat", ["Body"] = "Benchmark message",
            ["Author"] = "15550001234@s.whatsapp.net", ["HasMedia"] = false, ["UnixTime"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["Status"] = "queued", ["StatusSeq"] = 0L, ["ClientMessageId"] = clientMessageId, ["ChatApplied"] = false,
        });
    }

    private Task SendAsync() => _queue.SendMessageAsync(JsonSerializer.Serialize(new
    {
        v = 1, id = Guid.NewGuid().ToString(), type = "message.send", sessionId = Seed.SessionId, at = DateTime.UtcNow.ToString("O"),
        data = new { clientMessageId = Guid.NewGuid().ToString("N"), to = "4917012345678@s.whatsapp.net", content = new { kind = "text", text = "Benchmark message" } },
    }));

    private async Task ChatsPageAsync()
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Seed.SessionId} and RowKey ge {"a_"} and RowKey lt {"a`"}");
        await foreach (var page in _chats.QueryAsync<TableEntity>(filter).AsPages(null, 50))
        {
            if (page.Values.Count != 50) throw new InvalidOperationException($"Expected 50 chats, got {page.Values.Count}.");
            break;
        }
    }
}
