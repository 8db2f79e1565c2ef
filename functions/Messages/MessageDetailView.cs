namespace WaFunctions.Messages;

/// <summary>
/// A message as <c>GET /messages/{id}</c> shows it and as every <c>message.*</c> webhook event carries it: its current
/// delivery <see cref="Status"/> (<c>queued</c>, <c>sent</c>, <c>delivered</c>, <c>read</c>, <c>played</c>, <c>failed</c>;
/// null for inbound messages), <see cref="Type"/> in the seed's vocabulary (<c>chat</c>, <c>image</c>, <c>vcard</c>,
/// <c>poll_creation</c>, <c>ptt</c>, …) and <see cref="Kind"/> in the API's (<c>text</c>, <c>image</c>, <c>contact</c>,
/// <c>poll</c>, …), the content of its kind, the reply it quotes, mentions, view-once, edits and deletion.
/// <see cref="Reactions"/> are listed where they were read (always in <c>GET /messages/{id}</c>); a poll's options carry
/// their votes there too. <see cref="Receipt"/> is set only on the receipt events (<c>message.delivered</c>,
/// <c>message.read</c>): the receipt the event reports, while <see cref="Status"/> is where the message stands now.
/// </summary>
public sealed record MessageDetailView(
    string Id, string SessionId, string ChatId, bool FromMe, [property: OpenApi.Choices(typeof(DeliveryStatus), nameof(DeliveryStatus.All))] string? Status, string? Reason, bool? Retryable,
    string Type, string Kind, string Body, string? Author, string? PushName, bool HasMedia, long Timestamp,
    MediaView? Media, LocationContent? Location, ContactCardView? Contact, IReadOnlyList<ContactCardView>? Contacts,
    PollView? Poll, ReactionContent? ReactionTo, QuotedMessage? ReplyTo, IReadOnlyList<string> Mentions, bool ViewOnce,
    IReadOnlyList<ReactionView>? Reactions, long? EditedAt, bool Revoked, long? RevokedAt, ReceiptView? Receipt) : OpenApi.IHasExample
{
    public static object Example => Webhooks.WebhookCatalogue.Inbound;

    /// <param name="responses">Reactions and votes, when they were read; null leaves them out.</param>
    public static MessageDetailView Of(MessageRecord m, MessageResponses? responses = null, ReceiptView? receipt = null)
    {
        var d = m.Details;
        return new MessageDetailView(m.MessageId, m.SessionId, m.ChatId, m.FromMe, m.Status, m.Reason, m.Retryable,
            m.Type, m.Kind, m.Body, m.Author, m.PushName, m.HasMedia, m.Timestamp,
            d?.Media is { } media ? MediaView.Of(m, media) : null, d?.Location, ContactCardView.Of(d?.Contact),
            d?.Contacts?.Select(c => ContactCardView.Of(c)!).ToList(),
            d?.Poll is { } poll ? PollView.Of(poll, responses?.Votes) : null, d?.Reaction, d?.ReplyTo, d?.Mentions ?? [], d?.ViewOnce ?? false,
            responses?.Reactions.Select(r => new ReactionView(r.From, r.Emoji, r.Timestamp, r.FromMe)).ToList(),
            m.EditedAt, m.RevokedAt is not null, m.RevokedAt, receipt);
    }
}

/// <summary>
/// A message's file. <see cref="Url"/> (<c>GET /api/v1/messages/{id}/media</c>, scope <c>chats:read</c>) streams the
/// bytes with their content type; it is null when the file could not be downloaded (<see cref="Error"/>
/// <c>download_failed</c>, <see cref="Detail"/> says why) or the message was deleted for everyone.
/// </summary>
public sealed record MediaView(string? Mimetype, long? Size, string? Sha256, string? FileName, string? Caption, bool? Ptt, string? Url,
    string? Error, string? Detail)
{
    public static MediaView Of(MessageRecord m, StoredMedia media) => new(media.Mimetype, media.Size, media.Sha256, media.FileName,
        media.Caption, media.Ptt, media.Blob is not null && m.RevokedAt is null ? UrlOf(m) : null, media.Error, media.Detail);

    public static string UrlOf(MessageRecord m) =>
        $"/api/v1/messages/{Uri.EscapeDataString(m.MessageId)}/media?sessionId={Uri.EscapeDataString(m.SessionId)}";
}

/// <summary>A contact card (<see cref="PhoneNumber"/> digits; <see cref="Vcard"/> as received, absent for ones we sent).</summary>
public sealed record ContactCardView(string FullName, string? PhoneNumber, string? Organization, string? Vcard)
{
    public static ContactCardView? Of(ContactCard? c) => c is null ? null : new(c.FullName, c.PhoneNumber, c.Organization, c.Vcard);
}

/// <summary>A poll: question, options (with their votes and voters when read), how many options one may pick (0: any).</summary>
public sealed record PollView(string Name, IReadOnlyList<PollOptionView> Options, int SelectableCount, int? Voters)
{
    public static PollView Of(PollContent poll, IReadOnlyList<StoredVote>? votes) => new(poll.Name,
        poll.Options.Select(o => votes is null
            ? new PollOptionView(o, null, null)
            : new PollOptionView(o, votes.Count(v => v.Options.Contains(o)), votes.Where(v => v.Options.Contains(o)).Select(v => v.Voter).ToList())).ToList(),
        poll.SelectableCount, votes?.Count(v => v.Options.Count > 0));
}

public sealed record PollOptionView(string Name, int? Votes, IReadOnlyList<string>? Voters);

/// <summary>One person's reaction (<see cref="FromMe"/>: ours).</summary>
public sealed record ReactionView(string From, string Emoji, long Timestamp, bool FromMe);

/// <summary>What a receipt event reports: <c>delivered</c>, <c>read</c> or <c>played</c>, by whom in a group, when (unix seconds).</summary>
public sealed record ReceiptView(string Status, string? Participant, long Timestamp);
