namespace WaFunctions.Messages;

/// <summary>
/// <c>message.reaction</c>: <see cref="From"/> reacted to message <see cref="MessageId"/> with <see cref="Emoji"/>
/// (<see cref="Removed"/>: took their reaction back). <see cref="FromMe"/>: the reaction is ours; <see cref="TargetFromMe"/>:
/// the message is ours. <see cref="Message"/> is the message as stored now, with all its reactions (null when this app
/// never stored it, e.g. it predates the link).
/// </summary>
public sealed record ReactionEventData(string MessageId, string ChatId, string From, string Emoji, bool Removed, bool FromMe, bool TargetFromMe,
    long Timestamp, MessageDetailView? Message);

/// <summary><c>message.edited</c>: the sender changed the text (or caption) to <see cref="Body"/>; <see cref="Message"/> as stored now (null when unknown).</summary>
public sealed record MessageEditedEventData(string MessageId, string ChatId, string From, string Body, long Timestamp, MessageDetailView? Message);

/// <summary><c>message.revoked</c>: <see cref="From"/> deleted the message for everyone; its content is no longer kept or served.</summary>
public sealed record MessageRevokedEventData(string MessageId, string ChatId, string From, long Timestamp, MessageDetailView? Message);

/// <summary>
/// <c>poll.vote</c>: <see cref="Voter"/>'s vote on poll <see cref="PollId"/> is now <see cref="SelectedOptions"/> (empty: withdrawn),
/// replacing their earlier vote. <see cref="Poll"/> is the tally after it (null when the poll is unknown here).
/// <see cref="Error"/> <c>undecryptable</c>: the engine could not read the vote (a poll it never saw); nothing was counted.
/// </summary>
public sealed record PollVoteEventData(string PollId, string ChatId, string Voter, IReadOnlyList<string> SelectedOptions, long Timestamp,
    string? Error, string? Detail, PollView? Poll);
