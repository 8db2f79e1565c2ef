using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Engine;

/// <summary>The engine's answer to a request: <c>command.result</c> or <c>contacts.check.result</c>, as its <see cref="Data"/>.</summary>
public sealed record EngineAnswer(string Type, JsonElement Data)
{
    public bool Ok => Type == "contacts.check.result" ? Error is null : Data.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True;
    public string? Error => Text("error");
    public string? Detail => Text("detail");
    public JsonElement? Result => Data.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r : null;

    private string? Text(string name) => Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>The engine did not answer a request within <see cref="EngineSettings.AnswerTimeout"/>; the API answers 504 <c>engine_timeout</c>.</summary>
public sealed class EngineTimeoutException(string command, TimeSpan waited) : Exception(
    $"The WhatsApp engine did not answer '{command}' within {waited.TotalSeconds:0} s. It may be down or restarting; the request may still take effect, so check before retrying.");

/// <summary>
/// Request/response over the bus, for API calls that need WhatsApp's answer (number checks, group writes). The HTTP
/// request enqueues its command with a fresh <c>requestId</c> and waits, with a deadline, for the answer row that the
/// engine-events handler writes when <c>command.result</c> / <c>contacts.check.result</c> with that id arrives (table
/// <c>engineanswers</c>: PartitionKey = requestId, RowKey <c>a</c>; the answer's JSON, split over properties when long).
/// That handler may run in any instance of the app, so the waiter polls the row — one point read per poll, 50 ms
/// doubling to 500 ms — and the table is the only rendezvous; when the handler happens to run in the waiting instance it
/// also wakes the waiter at once (an in-memory signal, an optimisation only). A lost answer (engine down, event lost) is
/// the deadline's business: the call ends with <see cref="EngineTimeoutException"/>, never hangs. A read answer is deleted;
/// one that arrives after its deadline stays behind as a small orphan row.
/// </summary>
public sealed class EngineRequests(StorageClients storage, EngineCommands commands, EngineSettings settings, TimeProvider clock)
{
    public const string TableName = "engineanswers";
    private const string Row = "a";
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50), LongestPause = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private TableClient Table => storage.Table(TableName);

    /// <summary>
    /// Sends <paramref name="type"/> with <paramref name="data"/> plus a new requestId (ending in <c>.</c> +
    /// <paramref name="tag"/> when given, for the answer's handler to read) and waits for its answer.
    /// </summary>
    public async Task<EngineAnswer> AskAsync(string type, string sessionId, Dictionary<string, object?> data, CancellationToken ct, string? tag = null)
    {
        var requestId = "rq_" + Guid.NewGuid().ToString("N") + (tag is null ? "" : "." + tag);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[requestId] = signal;
        try
        {
            data["requestId"] = requestId;
            await commands.SendAsync(type, sessionId, data, ct).ConfigureAwait(false);
            var deadline = clock.GetUtcNow() + settings.AnswerTimeout;
            var pause = FirstPause;
            while (true)
            {
                if (await ReadAsync(requestId, ct).ConfigureAwait(false) is { } answer)
                {
                    _ = ForgetAsync(requestId);
                    return answer;
                }
                var left = deadline - clock.GetUtcNow();
                if (left <= TimeSpan.Zero) throw new EngineTimeoutException(type, settings.AnswerTimeout);
                await Task.WhenAny(signal.Task, Task.Delay(pause < left ? pause : left, clock, ct)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
        finally { _waiting.TryRemove(requestId, out _); }
    }

    /// <summary>Stores an answer event for its waiter (one upsert) and wakes it if it waits in this process. Idempotent.</summary>
    public async Task AnswerAsync(EngineEnvelope e, CancellationToken ct)
    {
        if (e.String("requestId") is not { Length: > 0 and <= 200 } requestId) return; // a best-effort chat.read without requestId, say
        var row = new TableEntity(TableKey.Encode(requestId), Row) { ["Type"] = e.Type };
        LongText.Write(row, "Data", e.Data.GetRawText() is var raw && raw.Length <= LongText.MaxChars ? raw : TooLarge(e));
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        if (_waiting.TryGetValue(requestId, out var waiter)) waiter.TrySetResult();
    }

    private static string TooLarge(EngineEnvelope e) => JsonSerializer.Serialize(new
    {
        requestId = e.String("requestId"), command = e.String("command"), ok = false, error = "failed", detail = "The engine's answer was too large to pass on.",
    });

    private async Task<EngineAnswer?> ReadAsync(string requestId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(requestId), Row, cancellationToken: ct).ConfigureAwait(false);
        if (!row.HasValue) return null;
        using var doc = JsonDocument.Parse(LongText.Read(row.Value!, "Data") ?? "{}");
        return new EngineAnswer(row.Value!.GetString("Type") ?? "", doc.RootElement.Clone());
    }

    private async Task ForgetAsync(string requestId)
    {
        try { await Table.DeleteEntityAsync(TableKey.Encode(requestId), Row).ConfigureAwait(false); }
        catch (RequestFailedException) { } // an orphan row is harmless
        catch (Exception e) when (StorageFault.Is(e)) { }
    }
}
