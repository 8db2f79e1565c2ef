using WaFunctions.Tickets;
using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Crm;

/// <summary>Two stores stand for two instances: they share no lock, only the counter row's ETag.</summary>
[Collection(ApiCollection.Name)]
public sealed class TicketNumberingTests(ApiFixture api)
{
    [Fact]
    public async Task Concurrent_creates_on_two_instances_get_distinct_numbers()
    {
        var (a, b) = (new TicketStore(api.Storage), new TicketStore(api.Storage));
        var now = DateTimeOffset.UtcNow;
        var created = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? a : b).CreateAsync(new Ticket(TicketStore.NewId(), 0, $"Two instances {i}", null, null, "open", "med", null, "api", now, now, 1), default)));
        Assert.Equal(30, created.Select(t => t.Number).Distinct().Count());
        foreach (var ticket in created)
            Assert.Equal(ticket.Number, (await a.GetAsync(ticket.Id, default))!.Value.Ticket.Number);
    }
}
