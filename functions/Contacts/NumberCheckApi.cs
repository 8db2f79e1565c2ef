using System.Text.Json;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.OpenApi;
using WaFunctions.Engine;
using WaFunctions.Errors;
using WaFunctions.Sessions;

namespace WaFunctions.Contacts;

/// <summary>Whether a phone number has WhatsApp, and its jid when it does.</summary>
public sealed record NumberCheckView(string Phone, bool Exists, string? Jid);

public sealed record CheckNumbersRequest(string?[]? Phones);

/// <summary>
/// Number checks (scope <c>contacts:read</c>), asked of WhatsApp through a connected number: <c>GET
/// /on-whatsapp/{phone}</c> and <c>POST /contacts/check</c> for up to 50 at once. The call enqueues
/// <c>contacts.check</c> and waits for its answer (<see cref="EngineRequests"/>; 504 <c>engine_timeout</c> when none
/// comes in time). Optional query <c>sessionId</c> (default the first ready number; 409 <c>no_ready_session</c> without one).
/// </summary>
internal static class NumberCheckApi
{
    public const int MaxPhones = 50;

    public static IEndpointRouteBuilder MapNumberChecks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/on-whatsapp/{phone}", CheckOneAsync).WithName("CheckNumber")
            .WithSummary("Check whether a number is on WhatsApp")
            .WithDescription("Asks WhatsApp through a connected number (sessionId, default the first ready one); answers its jid when it exists.")
            .Returns<NumberCheckView>()
            .WithQuery(ReadySession.SessionId)
            .FailsLikeTheEngine()
            .RequireScope(Scopes.ContactsRead);
        api.MapPost("/contacts/check", CheckManyAsync).WithName("CheckNumbers")
            .WithSummary("Check which numbers are on WhatsApp")
            .WithDescription($"Body {{ phones: [...] }}, 1 to {MaxPhones} numbers with country code, asked of WhatsApp through a connected number; answers one result per number, in order.")
            .Returns<IReadOnlyList<NumberCheckView>>()
            .WithQuery(ReadySession.SessionId)
            .FailsLikeTheEngine()
            .RequireScope(Scopes.ContactsRead);
        return api;
    }

    internal static async Task<IResult> CheckOneAsync(string phone, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct)
    {
        var digits = Fields.Phone(phone, "phone", required: true)!;
        var (results, error) = await CheckAsync([digits], request, sessions, engine, ct);
        return error ?? Answer.Data(results![0]);
    }

    internal static async Task<IResult> CheckManyAsync(CheckNumbersRequest body, HttpRequest request, SessionStore sessions, EngineRequests engine, CancellationToken ct)
    {
        if (body.Phones is not { Length: > 0 and <= MaxPhones }) throw new InvalidInputException($"Field 'phones' must hold 1 to {MaxPhones} phone numbers.");
        var phones = body.Phones.Select((p, i) => Fields.Phone(p, $"phones[{i}]", required: true)!).ToList();
        var (results, error) = await CheckAsync(phones, request, sessions, engine, ct);
        return error ?? Answer.Data<IReadOnlyList<NumberCheckView>>(results!);
    }

    private static async Task<(List<NumberCheckView>? Results, IResult? Error)> CheckAsync(List<string> phones, HttpRequest request, SessionStore sessions,
        EngineRequests engine, CancellationToken ct)
    {
        var (session, error) = await ReadySession.ForEngineAsync(request, sessions, ct);
        if (error is not null) return (null, error);
        var unique = phones.Distinct().ToList();
        var answer = await engine.AskAsync("contacts.check", session!.Id, new() { ["numbers"] = unique }, ct);
        if (!answer.Ok) return (null, EngineAnswerErrors.Of(answer, session.Id, "the number check"));
        var found = answer.Data.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("number").GetString()!,
            r => (Exists: r.GetProperty("exists").GetBoolean(), Jid: r.TryGetProperty("jid", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null));
        return (phones.Select(p => found.TryGetValue(p, out var r) && r.Exists
            ? new NumberCheckView(p, true, r.Jid ?? p + "@s.whatsapp.net") : new NumberCheckView(p, false, null)).ToList(), null);
    }
}
