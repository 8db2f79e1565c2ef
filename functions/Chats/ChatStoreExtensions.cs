using Azure.Data.Tables;
using WaFunctions.Storage;

namespace WaFunctions.Chats;

/// <summary>
/// Two small changes to a chat's summary that the messaging slice needs, kept beside <see cref="ChatStore"/> rather than
/// inside it: reading a chat (its unread count goes down) and naming a group chat after its subject. Each merges only the
/// property it changes into the chat row (under its ETag) and its activity row, in one entity-group transaction, so
/// whatever else the chat row holds stays as it is. One point read plus one transaction (again on a lost race).
/// </summary>
public static class ChatStoreExtensions
{
    /// <summary>
    /// The chat's unread count less <paramref name="read"/> (the messages that were unread when the caller looked; ones
    /// that arrived since stay unread), never below 0. Null when there is no such chat.
    /// </summary>
    public static Task<Chat?> MarkReadAsync(this ChatStore store, string sessionId, string chatId, int read, CancellationToken ct) =>
        MergeAsync(store, sessionId, chatId, c => c.UnreadCount == 0 ? null : c with { UnreadCount = Math.Max(0, c.UnreadCount - read) },
            c => new Dictionary<string, object?> { ["UnreadCount"] = c.UnreadCount }, ct);

    /// <summary>Sets the chat's name (a group's subject). Nothing when there is no such chat or the name is the same.</summary>
    public static Task<Chat?> RenameAsync(this ChatStore store, string sessionId, string chatId, string name, CancellationToken ct) =>
        MergeAsync(store, sessionId, chatId, c => c.Name == name ? null : c with { Name = name },
            c => new Dictionary<string, object?> { ["Name"] = c.Name }, ct);

    private static Task<Chat?> MergeAsync(ChatStore store, string sessionId, string chatId, Func<Chat, Chat?> change,
        Func<Chat, Dictionary<string, object?>> properties, CancellationToken ct) => Optimistic.RetryAsync(async () =>
    {
        if (await store.GetAsync(sessionId, chatId, ct).ConfigureAwait(false) is not var (chat, etag)) return null;
        if (change(chat) is not { } after) return chat;
        TableEntity Row(string rowKey)
        {
            var row = new TableEntity(sessionId, rowKey);
            foreach (var (k, v) in properties(after)) row[k] = v;
            return row;
        }
        await store.Table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, Row(Chat.ChatRowKey(chatId)), etag),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, Row(after.ActivityKey)),
        ], ct).ConfigureAwait(false);
        return (Chat?)after;
    }, ct);
}
