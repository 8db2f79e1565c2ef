using WaFunctions.Agents;
using WaFunctions.Inbox.Conversations;
using WaFunctions.Inbox.Due;
using WaFunctions.Inbox.Notes;
using WaFunctions.Inbox.QuickReplies;
using WaFunctions.Inbox.Routing;
using WaFunctions.Inbox.Tags;

namespace WaFunctions.Inbox;

/// <summary>The multi-agent inbox: agents, conversations, routing, tags, quick replies, notes and their due work.</summary>
public static class InboxServices
{
    /// <summary>The tables the inbox adds (conversations themselves live in the chats table).</summary>
    public static readonly IReadOnlyList<string> Tables =
        [AgentStore.TableName, RoutingStore.TableName, TagStore.TableName, QuickReplyStore.TableName, NoteStore.TableName];

    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSingleton<AgentStore>();
        services.AddSingleton<RoutingStore>();
        services.AddSingleton<TagStore>();
        services.AddSingleton<QuickReplyStore>();
        services.AddSingleton<NoteStore>();
        services.AddSingleton<DueQueue>();
        services.AddSingleton<AutoReplySender>();
        services.AddSingleton<ConversationEvents>();
        services.AddSingleton<ConversationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder api)
    {
        api.MapAgents();
        api.MapConversations();
        api.MapNotes();
        api.MapTags();
        api.MapQuickReplies();
        api.MapRouting();
        return api;
    }
}
