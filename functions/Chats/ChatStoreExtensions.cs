namespace WaFunctions.Chats;

/// <summary>
/// Two small changes to a chat's summary that the messaging slice needs: reading a chat (its unread count goes down) and
/// naming a group chat after its subject. Both go through <see cref="ChatStore.ChangeAsync"/>, so the chat's index rows
/// and count shard move with it in the one transaction (the inbox's filters and counts read those, not the chat row).
/// Round trips: the chat's point read, the count shard's when the unread count moves, one transaction.
/// </summary>
public static class ChatStoreExtensions
{
    /// <summary>
    /// The chat's unread count less <paramref name="read"/> (the messages that were unread when the caller looked; ones
    /// that arrived since stay unread), never below 0. Null when there is no such chat.
    /// </summary>
    public static Task<Chat?> MarkReadAsync(this ChatStore store, string sessionId, string chatId, int read, CancellationToken ct) =>
        store.ChangeAsync(sessionId, chatId, (write, _) => Task.FromResult(write.Current is { UnreadCount: > 0 } c
            ? c with { UnreadCount = Math.Max(0, c.UnreadCount - read) }
            : null), ct);

    /// <summary>Sets the chat's name (a group's subject). Nothing when there is no such chat or the name is the same.</summary>
    public static Task<Chat?> RenameAsync(this ChatStore store, string sessionId, string chatId, string name, CancellationToken ct) =>
        store.ChangeAsync(sessionId, chatId, (write, _) => Task.FromResult(write.Current is { } c && c.Name != name ? c with { Name = name } : null), ct);
}
