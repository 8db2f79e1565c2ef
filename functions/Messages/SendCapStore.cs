using Azure;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Messages;

/// <summary>The outcome of asking for a send slot: granted (now or by an earlier call for the same message), or refused.</summary>
public sealed record SendSlot(bool Granted, int Count, int Cap, string Day);

/// <summary>
/// Table <c>sendcaps</c>, one partition per session: a counter row per calendar day (RowKey <c>yyyy-MM-dd</c>,
/// <c>Count</c>) and a reservation row per counted message (RowKey <c>c_</c> + clientMessageId, with the day it
/// counted on). A reservation and its counter increment are one entity-group transaction under the counter's ETag,
/// so the count never passes the cap however many processes and broadcasts race, and asking again for the same
/// clientMessageId (a retried tick, a replayed request) never counts twice.
/// </summary>
public sealed class SendCapStore(StorageClients storage)
{
    public const string TableName = "sendcaps";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);
    private TableClient Table => storage.Table(TableName);

    public static string ReservationKey(string clientMessageId) => "c_" + TableKey.Encode(clientMessageId);

    /// <summary>
    /// Usually one point read (the day's counter) and one transaction; a refused or repeated request adds one point
    /// read of the reservation; a lost ETag race repeats the whole (<see cref="Optimistic"/>).
    /// </summary>
    public async Task<SendSlot> ReserveAsync(string sessionId, string clientMessageId, string day, int cap, CancellationToken ct)
    {
        // Sends from one number in this process take turns on its counter row: racing each other on its ETag would turn a
        // busy broadcast into a storm of lost races. Other processes still race, and retry, as designed.
        var turn = _turns.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct).ConfigureAwait(false);
        try { return await Optimistic.RetryAsync(() => TryReserveAsync(sessionId, clientMessageId, day, cap, ct), ct).ConfigureAwait(false); }
        finally { turn.Release(); }
    }

    private async Task<SendSlot> TryReserveAsync(string sessionId, string clientMessageId, string day, int cap, CancellationToken ct)
    {
        var counter = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, day, cancellationToken: ct).ConfigureAwait(false);
        var count = counter.HasValue ? counter.Value!.GetInt32("Count") ?? 0 : 0;
        if (count >= cap)
            return await ReservedAsync(sessionId, clientMessageId, ct).ConfigureAwait(false) is { } d
                ? new SendSlot(true, count, cap, d) : new SendSlot(false, count, cap, day);
        var next = new TableEntity(sessionId, day) { ["Count"] = count + 1 };
        var reservation = new TableEntity(sessionId, ReservationKey(clientMessageId)) { ["Day"] = day, ["ClientMessageId"] = clientMessageId };
        try
        {
            await Table.SubmitTransactionAsync(
            [
                counter.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, counter.Value!.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, next),
                new TableTransactionAction(TableTransactionActionType.Add, reservation),
            ], ct).ConfigureAwait(false);
            return new SendSlot(true, count + 1, cap, day);
        }
        catch (RequestFailedException e) when (Optimistic.IsLostRace(e))
        {
            // 409 on the reservation: this message was counted before; 409/412 on the counter: another send won the race (try again).
            if (await ReservedAsync(sessionId, clientMessageId, ct).ConfigureAwait(false) is { } d) return new SendSlot(true, count, cap, d);
            throw;
        }
    }

    /// <summary>The day a message was counted on, or null. One point read.</summary>
    public async Task<string?> ReservedAsync(string sessionId, string clientMessageId, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, ReservationKey(clientMessageId), ["Day"], ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("Day") ?? "" : null;
    }

    /// <summary>Sends counted on <paramref name="day"/>. One point read.</summary>
    public async Task<int> CountAsync(string sessionId, string day, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, day, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetInt32("Count") ?? 0 : 0;
    }
}
