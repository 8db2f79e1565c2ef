namespace WaFunctions.Hosting;

/// <summary>
/// Every function of the app, the tables it stores into and the queues it sends to. The local
/// host runs exactly these, and the packaging step writes one <c>function.json</c> for each.
/// </summary>
public static class FunctionRegistry
{
    public const string EngineCommandsQueue = "engine-commands";

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        ReadyFunction.Definition,
        Licensing.LicenseApi.Definition,
        .. Keys.KeysApi.Functions,
        Keys.MeApi.Definition,
        Health.HealthApi.Definition,
        .. Contacts.ContactsApi.Functions,
        .. Tickets.TicketsApi.Functions,
        .. OpenApi.ApiDocumentation.Functions,
        .. Sessions.SessionsApi.Functions,
        .. Messages.MessagesApi.Functions,
        .. Chats.ChatsApi.Functions,
        .. Dev.DevApi.Functions,
        Engine.EngineEventsHandler.Definition,
        .. Webhooks.WebhooksApi.Functions,
        new QueueFunction("DeliverWebhook", Webhooks.DeliveryQueue.Name, typeof(Webhooks.DeliveryHandler)),
        Webhooks.DeliveryLogRetention.Definition,
        .. Broadcasts.BroadcastsApi.Functions,
        Broadcasts.RecipientsCsvApi.Definition,
        .. Broadcasts.Pacing.PacingApi.Functions,
        .. Broadcasts.OptOut.SuppressionsApi.Functions,
        Broadcasts.Tick.TickHandler.Definition,
        Broadcasts.Tick.BroadcastWatchdog.Definition,
        .. Dashboard.DashboardApi.Functions,
    ];

    public static IReadOnlyList<string> Tables { get; } =
    [
        Auth.ApiKeyStore.TableName,
        RateLimits.RateLimiter.TableName,
        Webhooks.WebhookSubscriptions.TableName,
        Sessions.SessionStore.TableName,
        Chats.ChatStore.TableName,
        Messages.MessageStore.ByIdTable,
        Messages.MessageStore.HistoryTable,
        Messages.IdempotencyStore.TableName,
        Webhooks.DeliveryLog.TableName,
        Webhooks.PayloadStore.TableName,
        Contacts.ContactStore.TableName,
        Tickets.TicketStore.TableName,
        Broadcasts.BroadcastStore.TableName,
        Broadcasts.Pacing.PacingSettings.TableName,
        Broadcasts.OptOut.SuppressionStore.TableName,
        Messages.SendCapStore.TableName,
    ];

    /// <summary>Queues the app sends to and that no function consumes yet (engine-host consumes engine-commands).</summary>
    public static IReadOnlyList<string> SentQueues { get; } = [EngineCommandsQueue];
}
