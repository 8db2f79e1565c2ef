namespace WaFunctions.Messages;

/// <summary>
/// A message in a chat's history: the contract's fields first (<see cref="Timestamp"/> in Unix seconds), unchanged, then
/// what <c>GET /messages/{id}</c> shows of it (<see cref="MessageDetailView"/>: delivery status, kind, content, the reply
/// it quotes, reactions, a poll's tallies, edit and deletion), so a chat screen needs no read per message. A message
/// deleted for everyone has no text and no content, as there.
/// </summary>
internal sealed record MessageView(string MessageId, string SessionId, string ChatId, string Body, string Type, string? Author, bool FromMe,
    bool HasMedia, long Timestamp,
    [property: OpenApi.Choices(typeof(DeliveryStatus), nameof(DeliveryStatus.All))] string? Status, string? Reason, bool? Retryable,
    string Kind, string? PushName, MediaView? Media, LocationContent? Location, ContactCardView? Contact, IReadOnlyList<ContactCardView>? Contacts,
    PollView? Poll, ReactionContent? ReactionTo, QuotedMessage? ReplyTo, IReadOnlyList<string> Mentions, bool ViewOnce,
    IReadOnlyList<ReactionView> Reactions, long? EditedAt, bool Revoked, long? RevokedAt) : OpenApi.IHasExample
{
    public static object Example => Of(Webhooks.WebhookCatalogue.Inbound);

    public static MessageView Of(MessageRecord m, MessageResponses responses) => Of(MessageDetailView.Of(m, responses));

    private static MessageView Of(MessageDetailView d) => new(d.Id, d.SessionId, d.ChatId, d.Body, d.Type, d.Author, d.FromMe, d.HasMedia, d.Timestamp,
        d.Status, d.Reason, d.Retryable, d.Kind, d.PushName, d.Media, d.Location, d.Contact, d.Contacts, d.Poll, d.ReactionTo, d.ReplyTo, d.Mentions,
        d.ViewOnce, d.Reactions ?? [], d.EditedAt, d.Revoked, d.RevokedAt);
}
