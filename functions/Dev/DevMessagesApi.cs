using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Media;
using WaFunctions.Messages;
using WaFunctions.Sessions;

namespace WaFunctions.Dev;

/// <summary>
/// <c>POST /dev/sessions/{id}/inbound</c>: someone writes to the number. The same content fields as <c>POST /messages</c>
/// (text, image … reaction; a file by url, mediaId or data, stored in Blob storage for the simulator to "download"),
/// plus <c>replyTo</c> (a message id; its author is looked up when stored), <c>mentions</c>, <c>viewOnce</c>.
/// <c>from</c> is a phone number or jid, checked like <c>POST /messages</c>' <c>to</c>; a group needs <c>author</c>.
/// </summary>
public sealed record DevInboundRequest(string? From, string? Author = null, string? Name = null, string? Text = null,
    MediaInput? Image = null, MediaInput? Video = null, MediaInput? Audio = null, MediaInput? Document = null, MediaInput? Sticker = null,
    LocationInput? Location = null, ContactInput? Contact = null, PollInput? Poll = null, ReactionInput? Reaction = null,
    string? ReplyTo = null, string?[]? Mentions = null, bool? ViewOnce = null) : IMessageContentFields;

public sealed record DevChangeRequest(string? From, string? Author = null, string? MessageId = null, string? Emoji = null, string? Body = null);

public sealed record DevVoteRequest(string? PollId, string? Voter, string?[]? Options);

/// <summary>
/// The simulator's people: someone writes (<c>inbound</c>), reacts, edits or deletes their message, votes on a poll.
/// Admin scope, 404 unless <c>WA_ENGINE=simulator</c> (see <see cref="DevApi"/>).
/// </summary>
internal static class DevMessagesApi
{
    public static IEndpointRouteBuilder MapDevMessages(this IEndpointRouteBuilder api)
    {
        DevApi.Describe(api.MapPost("/dev/sessions/{id}/inbound", InboundAsync).WithName("DevInbound"), "Simulate an inbound message",
            "Someone writes to the simulated number, as if WhatsApp had delivered it: the same content fields as POST /messages (a file by url, mediaId " +
            "or data is stored for the simulator to download), plus replyTo, mentions, viewOnce; a group `from` needs `author`.");
        DevApi.Describe(api.MapPost("/dev/sessions/{id}/reaction", ReactionAsync).WithName("DevReaction"), "Simulate a reaction",
            "Someone reacts to a message with an emoji (\"\" takes the reaction back).");
        DevApi.Describe(api.MapPost("/dev/sessions/{id}/edit", EditAsync).WithName("DevEdit"), "Simulate an edit",
            "Someone edits the text or caption of their message.");
        DevApi.Describe(api.MapPost("/dev/sessions/{id}/revoke", RevokeAsync).WithName("DevRevoke"), "Simulate a deletion for everyone",
            "Someone deletes their message for everyone.");
        DevApi.Describe(api.MapPost("/dev/sessions/{id}/vote", VoteAsync).WithName("DevVote"), "Simulate a poll vote",
            "Someone votes on a poll; their latest vote replaces earlier ones ([] withdraws it).");
        return api;
    }

    /// <summary>One point read (session), one of the quoted message, the file's storage, one queue send.</summary>
    internal static async Task<IResult> InboundAsync(string id, DevInboundRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands,
        MessageStore messages, MediaResolver media, CancellationToken ct)
    {
        if (!engine.IsSimulator) return ApiError.NotFound("No such endpoint.");
        var (from, author) = Origin(body.From, body.Author);
        var content = ContentRules.Parse(body);
        if (await sessions.GetAsync(id, ct) is not var (session, _)) return ApiError.NotFound($"No session '{id}'.");
        if (content.Kind == MessageKinds.Reaction)
            return await DevApi.SendAsync(id, "sim.reaction", new { from, author, name = body.Name, messageId = content.Reaction!.MessageId, emoji = content.Reaction.Emoji },
                engine, sessions, commands, ct);
        var file = content.Media is { } input ? await media.ResolveAsync(content.Kind, input, $"sim/{id}/{Guid.NewGuid():N}", ct) : null;
        object? replyTo = null;
        if (content.ReplyTo is { } quoted)
        {
            var stored = await messages.GetAsync(quoted, id, ct);
            var participant = stored is var (m, _) && Jid.IsGroup(from) ? m.FromMe ? Jid.WithoutDevice(session.Jid) : m.Author : null;
            replyTo = new { id = quoted, participant };
        }
        return await DevApi.SendAsync(id, "sim.inbound", new
        {
            from, author, name = Fields.Text(body.Name, "name", 100), content = OutboundMessage.Content(content, file, null), replyTo,
            mentions = content.Mentions is { Count: > 0 } mentions ? mentions : null,
        }, engine, sessions, commands, ct);
    }

    internal static async Task<IResult> ReactionAsync(string id, DevChangeRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (!engine.IsSimulator) return ApiError.NotFound("No such endpoint.");
        var (from, author) = Origin(body.From, body.Author);
        if (body.Emoji is null) throw new InvalidInputException("Field 'emoji' is required (\"\" removes the reaction).");
        return await DevApi.SendAsync(id, "sim.reaction", new { from, author, messageId = MessageId(body.MessageId), emoji = body.Emoji }, engine, sessions, commands, ct);
    }

    internal static async Task<IResult> EditAsync(string id, DevChangeRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (!engine.IsSimulator) return ApiError.NotFound("No such endpoint.");
        var (from, author) = Origin(body.From, body.Author);
        var text = Fields.Text(body.Body, "body", ContentRules.MaxTextLength, required: true, multiline: true);
        return await DevApi.SendAsync(id, "sim.edit", new { from, author, messageId = MessageId(body.MessageId), body = text }, engine, sessions, commands, ct);
    }

    internal static async Task<IResult> RevokeAsync(string id, DevChangeRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (!engine.IsSimulator) return ApiError.NotFound("No such endpoint.");
        var (from, author) = Origin(body.From, body.Author);
        return await DevApi.SendAsync(id, "sim.revoke", new { from, author, messageId = MessageId(body.MessageId) }, engine, sessions, commands, ct);
    }

    internal static async Task<IResult> VoteAsync(string id, DevVoteRequest body, EngineSettings engine, SessionStore sessions, EngineCommands commands, CancellationToken ct)
    {
        if (!engine.IsSimulator) return ApiError.NotFound("No such endpoint.");
        var voter = Person(body.Voter, "voter");
        if (body.Options is null || body.Options.Any(o => o is null)) throw new InvalidInputException("Field 'options' is required: option names ([] withdraws the vote).");
        return await DevApi.SendAsync(id, "sim.vote", new { pollId = MessageId(body.PollId, "pollId"), voter, options = body.Options }, engine, sessions, commands, ct);
    }

    /// <summary>The sender: a person, or a group with the person who wrote in it.</summary>
    private static (string From, string? Author) Origin(string? from, string? author)
    {
        var jid = Jid.Normalize(from ?? throw new InvalidInputException("Field 'from' is required."))
            ?? throw new InvalidInputException("Field 'from' must be a phone number with country code (8 to 15 digits) or a WhatsApp jid (…@s.whatsapp.net, …@g.us, …@lid).");
        if (!Jid.IsGroup(jid)) return author is null ? (jid, null) : throw new InvalidInputException("Field 'author' is only for a group 'from'.");
        return (jid, Person(author, "author"));
    }

    private static string Person(string? value, string field)
    {
        var jid = Jid.Normalize(value ?? throw new InvalidInputException($"Field '{field}' is required."));
        return jid is not null && !Jid.IsGroup(jid) ? jid : throw new InvalidInputException($"Field '{field}' must be a phone number with country code or a person's jid.");
    }

    private static string MessageId(string? id, string field = "messageId") => Fields.Text(id, field, 128, required: true)!;
}
