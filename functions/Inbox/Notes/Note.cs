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

public sealed record NoteEnvelope(Note Data);

public sealed record NotePage(IReadOnlyList<Note> Data, string? NextCursor);

internal sealed record CreateNoteRequest(string? Text);
