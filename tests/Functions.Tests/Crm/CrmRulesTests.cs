using WaFunctions.Contacts;
using WaFunctions.Errors;
using WaFunctions.Tickets;

namespace WaFunctions.Tests.Crm;

public sealed class CrmRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 29, 10, 0, 0, TimeSpan.Zero);

    private static Contact Asha() => ContactRules.New(new CreateContactRequest("Asha Rao", "+91 98123 45678", "Asha@Example.com",
        "Acme", null, null, ["website"], null, null, null), "c_abcdefabcdef", Now);

    [Fact]
    public void A_new_contact_is_normalised_and_defaults_to_lead()
    {
        var c = Asha();
        Assert.Equal(("919812345678", "lead", 1), (c.Phone, c.Lifecycle, c.Version));
        Assert.Equal(["website"], c.Tags);
    }

    [Fact]
    public void A_patch_changes_only_given_fields_and_empty_strings_or_null_clear_optional_ones()
    {
        var later = Now.AddMinutes(5);
        var c = ContactRules.Apply(Asha(), new UpdateContactRequest { Company = "", Location = "Pune", Lifecycle = "vip", Notes = null, Tags = null }, later);
        Assert.Equal(("Asha Rao", "919812345678", "Asha@Example.com", null, "Pune", "vip"), (c.Name, c.Phone, c.Email, c.Company, c.Location, c.Lifecycle));
        Assert.Equal((null, 0), (c.Notes, c.Tags.Count));
        Assert.Equal((2, later, Now), (c.Version, c.UpdatedAt, c.CreatedAt));
        Assert.Throws<InvalidInputException>(() => ContactRules.Apply(Asha(), new UpdateContactRequest { Name = "" }, later));
        Assert.Throws<InvalidInputException>(() => ContactRules.Apply(Asha(), new UpdateContactRequest { Lifecycle = "gold" }, later));
        var cleared = Assert.Throws<InvalidInputException>(() => ContactRules.Apply(Asha(), new UpdateContactRequest { Phone = null }, later));
        Assert.Contains("'phone' cannot be cleared", cleared.Message);
        var untouched = ContactRules.Apply(Asha(), new UpdateContactRequest(), later);
        Assert.Equal(Asha() with { Version = 2, UpdatedAt = later, Tags = [] }, untouched with { Tags = [] });
    }

    [Theory]
    [InlineData("asha", true)]
    [InlineData("ASHA RAO", true)]
    [InlineData("example.com", true)]
    [InlineData("98123", true)]
    [InlineData("+91 98123-45678", true)]
    [InlineData("o'brien", false)]
    [InlineData("acme", false)] // company is not searched
    public void Search_matches_name_email_and_phone_case_insensitively(string q, bool matches) =>
        Assert.Equal(matches, Asha().Matches(ContactQuery.Of(q)));

    [Fact]
    public void Contacts_round_trip_through_their_row()
    {
        var c = Asha();
        Assert.Equal(c with { Tags = [] }, Contact.FromEntity(c.ToEntity("c", c.Id)) with { Tags = [] });
        Assert.Equal(c.Tags, Contact.FromEntity(c.ToEntity("c", c.Id)).Tags);
    }

    [Fact]
    public void Ticket_defaults_and_index_rows_follow_status_and_assignee()
    {
        var t = TicketRules.New(new CreateTicketRequest("Refund", null, null, null, null, null, null), "t_abcdefabcdef", Now) with { Number = 41 };
        Assert.Equal(("open", "med", "api", "TKT-41"), (t.Status, t.Priority, t.Tag, t.Ref));
        Assert.Equal(["n_999999999958", "s_open_999999999958"], TicketStore.IndexKeys(t));

        var assigned = TicketRules.Apply(t, new UpdateTicketRequest { Status = "waiting", Assignee = "Agent-7" }, Now);
        var hash = TicketStore.AssigneeHash("agent-7");
        Assert.Equal(["n_999999999958", "s_waiting_999999999958", $"a_{hash}_999999999958", $"sa_waiting_{hash}_999999999958"], TicketStore.IndexKeys(assigned));
        Assert.Equal(hash, TicketStore.AssigneeHash("AGENT-7"));
        // Newer tickets sort first.
        Assert.True(string.CompareOrdinal(TicketStore.IndexKeys(t with { Number = 42 })[0], TicketStore.IndexKeys(t)[0]) < 0);
        Assert.Throws<InvalidInputException>(() => TicketRules.Apply(t, new UpdateTicketRequest { Tag = "" }, Now));
        Assert.Throws<InvalidInputException>(() => TicketRules.Apply(t, new UpdateTicketRequest { Status = null }, Now));
        Assert.Null(TicketRules.Apply(assigned, new UpdateTicketRequest { Assignee = null }, Now).Assignee);
    }
}
