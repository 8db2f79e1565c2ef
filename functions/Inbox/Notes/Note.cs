using Azure.Data.Tables;

namespace WaFunctions.Inbox.Notes;

/// <summary>An internal note on a conversation, for the team only: never sent to WhatsApp.</summary>
public sealed record Note(string Id, string SessionId, string ChatId, string Text, string? AgentId, string KeyId, DateTimeOffset CreatedAt)
{
    internal TableEntity ToEntity() => new(NoteStore.PartitionFor(SessionId, ChatId), Id)
    {
        ["ChatId"] = ChatId, ["Text"] = Text, ["AgentId"] = AgentId, ["KeyId"] = KeyId, ["CreatedAt"] = CreatedAt,
    };

    internal static Note FromEntity(string sessionId, TableEntity e) => new(e.RowKey, sessionId, e.GetString("ChatId") ?? "", e.GetString("Text") ?? "",
        e.GetString("AgentId"), e.GetString("KeyId") ?? "", e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>A note as the API shows it: who wrote it (the key, and its agent when the key is bound to one) and when.</summary>
public sealed record NoteView(string Id, string SessionId, string ChatId, string Text, string? AgentId, string KeyId, DateTimeOffset CreatedAt)
{
    public static NoteView Of(Note n) => new(n.Id, n.SessionId, n.ChatId, n.Text, n.AgentId, n.KeyId, n.CreatedAt);
}

/// <summary>The note's text (required, up to 4000 characters, line breaks kept).</summary>
internal sealed record CreateNoteRequest(string? Text);
