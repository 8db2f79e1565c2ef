using WaFunctions.Contacts;
using WaFunctions.Events;
using WaFunctions.Tickets;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Crm;

/// <summary>The handlers, called directly against the shared Azurite, record their events after storing.</summary>
[Collection(ApiCollection.Name)]
public sealed class CrmEventsTests(ApiFixture api)
{
    private sealed class RecordingOutbox : IEventOutbox
    {
        public List<DomainEvent> Events { get; } = [];
        public Task RecordAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            Events.Add(domainEvent);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Contact_create_and_update_record_events_with_the_view_and_stable_ids()
    {
        var (store, outbox) = (new ContactStore(api.Storage), new RecordingOutbox());
        await ContactsApi.CreateAsync(new CreateContactRequest("Evented", ContactsApiTests.NewPhone(), null, null, null, null, null, "vip", null, null),
            store, outbox, TimeProvider.System, default);
        var created = Assert.Single(outbox.Events);
        var view = Assert.IsType<ContactView>(created.Data);
        Assert.Equal(("contact.created", $"evt_{view.Id}_v1", "vip"), (created.Type, created.Id, view.Lifecycle));
        Assert.True((await store.GetAsync(view.Id, default)).HasValue); // stored before the event

        await ContactsApi.UpdateAsync(view.Id, new UpdateContactRequest { Name = "Renamed" },
            store, outbox, TimeProvider.System, default);
        var updated = outbox.Events[1];
        Assert.Equal(("contact.updated", $"evt_{view.Id}_v2", "Renamed"), (updated.Type, updated.Id, Assert.IsType<ContactView>(updated.Data).Name));
    }

    [Fact]
    public async Task Ticket_create_and_update_record_events()
    {
        var (store, outbox) = (new TicketStore(api.Storage), new RecordingOutbox());
        await TicketsApi.CreateAsync(new CreateTicketRequest("Evented", null, null, null, null, null, null), store, outbox, TimeProvider.System, default);
        var view = Assert.IsType<TicketView>(Assert.Single(outbox.Events).Data);
        Assert.Equal(("ticket.created", $"evt_{view.Id}_v1"), (outbox.Events[0].Type, outbox.Events[0].Id));
        await TicketsApi.UpdateAsync(view.Id, new UpdateTicketRequest { Status = "closed" }, store, outbox, TimeProvider.System, default);
        Assert.Equal(("ticket.updated", $"evt_{view.Id}_v2", "closed"),
            (outbox.Events[1].Type, outbox.Events[1].Id, Assert.IsType<TicketView>(outbox.Events[1].Data).Status));
    }
}
