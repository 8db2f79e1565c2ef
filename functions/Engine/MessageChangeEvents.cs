using WaFunctions.Chats;
using WaFunctions.Events;
using WaFunctions.Messages;

namespace WaFunctions.Engine;

/// <summary>
/// What happens to a message after it was sent: reactions (<c>message.reaction</c>), edits (<c>message.edited</c>),
/// deletions for everyone (<c>message.revoked</c>) and poll votes (<c>poll.vote</c>). A reaction or vote is one row per
/// person on the message (<see cref="MessageResponsesStore"/>: point read + conditional write, ordered by the engine's
/// seq), not a line of the chat; it may arrive before its message and is shown once the message is there. The first
/// one on a stored message marks it (<see cref="MessageStore.NoteResponsesAsync"/>) so the history reads its responses. An edit or
/// deletion changes the message row and its history row (read + conditional write + upsert) when the message is
/// stored, and the chat's preview when it describes that message (the chat's point read, and its transaction only
/// then; none for a message the chat never counted); one that is not stored (older than the link) is still fanned out.
/// Each records its event with the message as it is now (one more read, and one range query for reactions or votes);
/// event ids are the engine event's, so a redelivery records the same id.
/// </summary>
internal sealed class MessageChangeEvents(MessageStore messages, MessageResponsesStore responses, ChatStore chats, IEventOutbox outbox)
{
    public async Task ReactionAsync(EngineEnvelope e, CancellationToken ct)
    {
        var messageId = Required(e, "messageId");
        var from = Required(e, "from");
        var reaction = new StoredReaction(from, e.String("emoji") ?? "", e.Long("timestamp") ?? e.At.ToUnixTimeSeconds(), e.Bool("fromMe"));
        await responses.ApplyReactionAsync(e.SessionId, messageId, reaction, e.Seq ?? 0, ct).ConfigureAwait(false);
        await RecordReactionAsync(outbox, messages, responses, e, messageId, e.String("chatId") ?? "", reaction, e.EventId(), ct, e.Bool("targetFromMe")).ConfigureAwait(false);
    }

    /// <summary>Records <c>message.reaction</c> with the message and all its reactions as they are now.</summary>
    internal static async Task RecordReactionAsync(IEventOutbox outbox, MessageStore messages, MessageResponsesStore responses, EngineEnvelope e,
        string messageId, string chatId, StoredReaction reaction, string eventId, CancellationToken ct, bool? targetFromMe = null)
    {
        var target = await messages.GetAsync(messageId, e.SessionId, ct).ConfigureAwait(false);
        if (target is var (reacted, _)) await messages.NoteResponsesAsync(reacted, ct).ConfigureAwait(false);
        var view = target is var (m, _) ? MessageDetailView.Of(m, await responses.GetAsync(e.SessionId, messageId, ct).ConfigureAwait(false)) : null;
        var data = new ReactionEventData(messageId, chatId.Length > 0 ? chatId : view?.ChatId ?? "", reaction.From, reaction.Emoji, reaction.Emoji.Length == 0,
            reaction.FromMe, targetFromMe ?? view?.FromMe ?? false, reaction.Timestamp, view);
        await outbox.RecordAsync(new DomainEvent(eventId, "message.reaction", e.SessionId, e.At, data), ct).ConfigureAwait(false);
    }

    public async Task EditedAsync(EngineEnvelope e, CancellationToken ct)
    {
        var messageId = Required(e, "messageId");
        var body = e.String("body") ?? "";
        var at = e.Long("timestamp") ?? e.At.ToUnixTimeSeconds();
        var stored = await messages.UpdateAsync(messageId, e.SessionId, null, m =>
            m.RevokedAt is not null || m.EditedAt >= at ? null : m with
            {
                Body = body, EditedAt = at,
                Details = m.Details?.Media is { } media ? m.Details with { Media = media with { Caption = body } } : m.Details,
            }, ct).ConfigureAwait(false);
        await FollowAsync(stored, ct).ConfigureAwait(false);
        var data = new MessageEditedEventData(messageId, e.String("chatId") ?? stored?.ChatId ?? "", Required(e, "from"), body, at, stored is null ? null : MessageDetailView.Of(stored));
        await outbox.RecordAsync(new DomainEvent(e.EventId(), "message.edited", e.SessionId, e.At, data), ct).ConfigureAwait(false);
    }

    /// <summary>Deleted for everyone: the text and content are dropped (the kind stays), the file is no longer served.</summary>
    public async Task RevokedAsync(EngineEnvelope e, CancellationToken ct)
    {
        var messageId = Required(e, "messageId");
        var at = e.Long("timestamp") ?? e.At.ToUnixTimeSeconds();
        var stored = await messages.UpdateAsync(messageId, e.SessionId, null, m => m.RevokedAt is not null ? null : m with
        {
            Body = "", RevokedAt = at, HasMedia = false,
            Details = new MessageDetails { Kind = m.Kind, ReplyTo = m.Details?.ReplyTo },
        }, ct).ConfigureAwait(false);
        await FollowAsync(stored, ct).ConfigureAwait(false);
        var data = new MessageRevokedEventData(messageId, e.String("chatId") ?? stored?.ChatId ?? "", Required(e, "from"), at, stored is null ? null : MessageDetailView.Of(stored));
        await outbox.RecordAsync(new DomainEvent(e.EventId(), "message.revoked", e.SessionId, e.At, data), ct).ConfigureAwait(false);
    }

    public async Task VoteAsync(EngineEnvelope e, CancellationToken ct)
    {
        var pollId = Required(e, "pollId");
        var voter = Required(e, "voter");
        var at = e.Long("timestamp") ?? e.At.ToUnixTimeSeconds();
        var selected = e.Data.TryGetProperty("selectedOptions", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Array
            ? s.EnumerateArray().Select(o => o.GetString()).OfType<string>().ToList() : [];
        var error = e.String("error");
        if (error is null) await responses.ApplyVoteAsync(e.SessionId, pollId, new StoredVote(voter, selected, at), e.Seq ?? 0, ct).ConfigureAwait(false);
        PollView? tally = null;
        if (await messages.GetAsync(pollId, e.SessionId, ct).ConfigureAwait(false) is var (poll, _) && poll.Details?.Poll is { } question)
        {
            await messages.NoteResponsesAsync(poll, ct).ConfigureAwait(false);
            tally = PollView.Of(question, (await responses.GetAsync(e.SessionId, pollId, ct).ConfigureAwait(false)).Votes);
        }
        var data = new PollVoteEventData(pollId, e.String("chatId") ?? "", voter, selected, at, error, e.String("detail"), tally);
        await outbox.RecordAsync(new DomainEvent(e.EventId(), "poll.vote", e.SessionId, e.At, data), ct).ConfigureAwait(false);
    }

    /// <summary>The history row and the chat's preview follow a changed message row.</summary>
    private async Task FollowAsync(MessageRecord? stored, CancellationToken ct)
    {
        if (stored?.HistoryKey is not null) await messages.WriteHistoryAsync(stored, ct).ConfigureAwait(false);
        if (stored is { ChatApplied: true })
            await chats.RefreshPreviewAsync(stored.SessionId, stored.ChatId, stored.MessageId, MessagePreview.Of(stored), ct).ConfigureAwait(false);
    }

    private static string Required(EngineEnvelope e, string name) => e.String(name) ?? throw new InvalidOperationException($"{e.Type} without {name}");
}
