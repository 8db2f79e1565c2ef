namespace WaFunctions.Auth;

/// <summary>
/// Scopes an API key may hold. <see cref="All"/> passes every check; otherwise the exact scope
/// must be present. An endpoint with <see cref="AnyKey"/> needs a valid key and no scope;
/// one with <see cref="Public"/> (null) needs no key at all.
/// </summary>
public static class Scopes
{
    public const string? Public = null;
    public const string AnyKey = "";
    public const string All = "*";

    public const string MessagesWrite = "messages:write";
    public const string ChatsRead = "chats:read";
    public const string ChatsWrite = "chats:write";
    public const string GroupsRead = "groups:read";
    public const string GroupsWrite = "groups:write";
    public const string AgentsRead = "agents:read";
    public const string AgentsWrite = "agents:write";
    public const string AnalyticsRead = "analytics:read";
    public const string ContactsRead = "contacts:read";
    public const string ContactsWrite = "contacts:write";
    public const string TicketsRead = "tickets:read";
    public const string TicketsWrite = "tickets:write";
    public const string BroadcastsRead = "broadcasts:read";
    public const string BroadcastsWrite = "broadcasts:write";
    public const string SessionsRead = "sessions:read";
    public const string SessionsWrite = "sessions:write";
    public const string WebhooksRead = "webhooks:read";
    public const string WebhooksWrite = "webhooks:write";
    public const string KeysManage = "keys:manage";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        All, MessagesWrite, ChatsRead, ChatsWrite, GroupsRead, GroupsWrite, ContactsRead, ContactsWrite, TicketsRead, TicketsWrite, BroadcastsRead,
        BroadcastsWrite, SessionsRead, SessionsWrite, WebhooksRead, WebhooksWrite, KeysManage,
        AgentsRead, AgentsWrite, AnalyticsRead,
    };

    public static bool Grants(IReadOnlyCollection<string> held, string required) =>
        required.Length == 0 || held.Contains(All) || held.Contains(required);
}
