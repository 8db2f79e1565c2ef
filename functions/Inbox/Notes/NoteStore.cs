using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Inbox.Notes;

/// <summary>
/// The <c>chatnotes</c> table: PartitionKey = session id + <c>_</c> + encoded chat id (like the message history), RowKey =
/// the note id, which starts with the inverted creation time in milliseconds, so a conversation's notes list newest first
/// as one range scan.
/// </summary>
public sealed class NoteStore(StorageClients storage)
{
    public const string TableName = "chatnotes";

    private TableClient Table => storage.Table(TableName);

    public static string PartitionFor(string sessionId, string chatId) => sessionId + "_" + TableKey.Encode(chatId);

    public static string NewId(DateTimeOffset at) =>
        "nt_" + (9_999_999_999_999L - at.ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture) + "_"
        + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 6);

    /// <summary>One insert.</summary>
    public Task AddAsync(Note note, CancellationToken ct) => Table.AddEntityAsync(note.ToEntity(), ct);

    /// <summary>Newest first: one range scan of O(limit) rows.</summary>
    public async Task<(IReadOnlyList<Note> Notes, string? Cursor)> ListAsync(string sessionId, string chatId, int limit, string? cursor, CancellationToken ct)
    {
        var (rows, next) = await KeyRangeScan.PageAsync(Table, PartitionFor(sessionId, chatId), "nt_", "nt`", cursor, limit, null, ct).ConfigureAwait(false);
        return (rows.Select(r => Note.FromEntity(sessionId, r)).ToList(), next);
    }
}
