// The seed-000 flows as a customer writes them with a client Kiota generated from GET /api/v1/openapi.json: typed
// models in, typed models out, typed errors. Usage: ClientFlows <base URL> <admin key> <ready session id> <chat id>
// The chat must hold an inbound message; the run prints one "ok" line per flow and exits 1 at the first wrong answer.
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using WaFunctions.Client;
using WaFunctions.Client.Models;

if (args is not [var baseUrl, var key, var sessionId, var chatId])
{
    Console.Error.WriteLine("usage: ClientFlows <base URL> <admin key> <ready session id> <chat id>");
    return 2;
}

// Kiota's API-key provider insists on https; a deployment on localhost is plain http, so the key rides on the HttpClient.
var http = KiotaClientFactory.Create();
http.DefaultRequestHeaders.Add("X-API-Key", key);
var client = new WaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl.TrimEnd('/') + "/api/v1" });
var run = Guid.NewGuid().ToString("N")[..8];
string Phone() => "9198" + Random.Shared.NextInt64(10_000_000, 99_999_999);

try
{
    var health = await client.Health.GetAsync();
    Check(health?.Ok == true && !string.IsNullOrEmpty(health.Version), "health answers ok and a version");
    Done("health");

    // Contacts: create, search with q, filter by stage, read one, a duplicate phone is a typed 409.
    var ashaPhone = Phone();
    var asha = (await client.Contacts.PostAsync(new CreateContactRequest
    {
        Name = $"Asha Rao {run}", Phone = ashaPhone, Email = $"asha.{run}@example.com", Lifecycle = CreateContactRequest_lifecycle.Vip,
        Tags = ["website", "wholesale"],
    }))?.Data;
    Check(asha?.Id is { Length: > 0 } && asha.Lifecycle == Contact_lifecycle.Vip && asha.Tags is ["website", "wholesale"], "created contact echoes its fields");
    var ravi = (await client.Contacts.PostAsync(new CreateContactRequest { Name = $"Ravi {run}", Phone = Phone() }))?.Data;
    Check(ravi?.Lifecycle == Contact_lifecycle.Lead, "lifecycle defaults to lead");
    var found = await client.Contacts.GetAsync(r => r.QueryParameters.Q = run);
    Check(found?.Data?.Select(c => c.Id).Order().SequenceEqual(new[] { asha!.Id, ravi!.Id }.Order()) == true, "q finds both contacts of this run");
    var vips = await client.Contacts.GetAsync(r => { r.QueryParameters.Q = run; r.QueryParameters.Stage = WaFunctions.Client.Contacts.GetStageQueryParameterType.Vip; });
    Check(vips?.Data is [{ } onlyVip] && onlyVip.Id == asha.Id, "stage=vip keeps only the vip contact");
    var read = (await client.Contacts[asha.Id!].GetAsync())?.Data;
    Check(read?.Email == asha.Email && read.CreatedAt is not null, "a contact reads back by id");
    var duplicate = await Refused(() => client.Contacts.PostAsync(new CreateContactRequest { Name = "Copy", Phone = ashaPhone }));
    Check(duplicate.ResponseStatusCode == 409 && duplicate.ErrorProp == "duplicate_contact", "a duplicate phone is 409 duplicate_contact");
    Done("contacts");

    // Tickets: create with a priority, filter by status and assignee.
    var ticket = (await client.Tickets.PostAsync(new CreateTicketRequest
    {
        Subject = "Refund not received", CustomerName = "Asha Rao", CustomerPhone = ashaPhone, Priority = CreateTicketRequest_priority.High,
        Assignee = $"agent-{run}",
    }))?.Data;
    Check(ticket?.Ref?.StartsWith("TKT-") == true && ticket.Status == Ticket_status.Open && ticket.Priority == Ticket_priority.High, "ticket created open and high");
    var open = await client.Tickets.GetAsync(r => { r.QueryParameters.Status = WaFunctions.Client.Tickets.GetStatusQueryParameterType.Open; r.QueryParameters.Assignee = $"agent-{run}"; });
    Check(open?.Data is [{ } mine] && mine.Id == ticket!.Id, "status and assignee filters find the ticket");
    var closed = await client.Tickets.GetAsync(r => { r.QueryParameters.Status = WaFunctions.Client.Tickets.GetStatusQueryParameterType.Closed; r.QueryParameters.Assignee = $"agent-{run}"; });
    Check(closed?.Data is [], "no closed ticket for this assignee");
    Done("tickets");

    // Chats and a chat's messages.
    var chats = await client.Chats.GetAsync(r => { r.QueryParameters.SessionId = sessionId; r.QueryParameters.Limit = 50; });
    var chat = chats?.Data?.SingleOrDefault(c => c.ChatId == chatId);
    Check(chat is { IsGroup: false, UnreadCount: > 0 } && chat.LastTimestamp > 0, "the chat is listed with its unread count");
    var history = await client.Chats[chatId].Messages.GetAsync(r => r.QueryParameters.SessionId = sessionId);
    Check(history?.Data is [{ FromMe: false } latest, ..] && latest.Body == chat!.LastMessage && latest.ChatId == chatId, "the chat's newest message is the inbound one");
    Done("chats");

    // Send a message, then read its status.
    var sent = await client.Messages.PostAsync(new SendMessageRequest { To = chatId, Text = "Hi! Thanks for reaching out.", From = sessionId });
    Check(sent is { Status: "sent", From: var from, Id.Length: > 0 } && from == sessionId && sent.To == chatId, "send answers sent, to, from and the id");
    var status = (await client.Messages[sent!.Id!].GetAsync())?.Data;
    Check(status is { FromMe: true, Status: not null } && status.Body == "Hi! Thanks for reaching out.", "the message reads back with a delivery status");
    Done("messages");

    // A broadcast and its progress.
    var broadcast = (await client.Broadcasts.PostAsync(new CreateBroadcastRequest
    {
        Name = $"October offer {run}", SessionId = sessionId, Message = "Hi {{name}}, here is 10% off this week.",
        Recipients = [new RecipientInput { ChatId = Phone(), Name = "Asha" }, new RecipientInput { ChatId = Phone() }],
    }))?.Data;
    Check(broadcast is { Total: 2, SentCount: 0, FailedCount: 0 } && broadcast.Status == Broadcast_status.Queued, "broadcast created queued with two recipients");
    var progress = (await client.Broadcasts[broadcast!.Id!].GetAsync())?.Data;
    Check(progress?.Progress is { } p && p.Pending + p.Sent + p.Queued + p.Delivered + p.Read + p.Failed + p.Skipped == 2, "its progress accounts for both recipients");
    var recipients = await client.Broadcasts[broadcast.Id!].Recipients.GetAsync();
    Check(recipients?.Data?.Select(r => r.Index) is { } indexes && indexes.SequenceEqual([0, 1]), "its recipients list in order");
    Done("broadcasts");
    return 0;
}
catch (FlowFailed e)
{
    Console.Error.WriteLine("FAILED: " + e.Message);
    return 1;
}

static void Check(bool condition, string what)
{
    if (!condition) throw new FlowFailed(what);
}

static void Done(string flow) => Console.WriteLine("ok " + flow);

static async Task<Error> Refused(Func<Task> call)
{
    try { await call(); }
    catch (Error e) { return e; }
    throw new FlowFailed("expected an error answer");
}

sealed class FlowFailed(string what) : Exception(what);
