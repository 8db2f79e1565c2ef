using Microsoft.Extensions.Configuration;
using System.Text.Json;
using WaFunctions.Broadcasts;
using WaFunctions.Broadcasts.Pacing;
using WaFunctions.Errors;

namespace WaFunctions.Tests.Broadcasts;

public class BroadcastRulesTests
{
    [Theory]
    [InlineData("Hi {{name}}, 10% off", "Asha", "Hi Asha, 10% off")]
    [InlineData("Hi {{name}}, 10% off", null, "Hi , 10% off")]
    [InlineData("Hi {{name|friend}}!", null, "Hi friend!")]
    [InlineData("Hi {{ name | dear customer }}!", "Ravi", "Hi Ravi!")]
    [InlineData("Hi {{ NAME | dear customer }}!", null, "Hi dear customer!")]
    [InlineData("No token", "Asha", "No token")]
    public void Renders_the_name_token(string template, string? name, string expected) =>
        Assert.Equal(expected, BroadcastRules.Render(template, name));

    [Fact]
    public void Recipients_are_normalised_and_duplicates_counted()
    {
        var (list, duplicates) = BroadcastRules.Normalize(
        [
            new("+91 98123-45678", "Asha"), new("919812345678@s.whatsapp.net", "Again"), new("4915112345678", null), new("120363041234567890@g.us", null),
        ]);
        Assert.Equal(["919812345678@s.whatsapp.net", "4915112345678@s.whatsapp.net", "120363041234567890@g.us"], list.Select(r => r.ChatId));
        Assert.Equal("Asha", list[0].Name);
        Assert.Equal(1, duplicates);
    }

    [Fact]
    public void Bad_recipients_name_their_index()
    {
        var e = Assert.Throws<InvalidInputException>(() => BroadcastRules.Normalize([new("4915112345678", null), new("12", null)]));
        Assert.Contains("recipients[1].chatId", e.Message);
        Assert.Throws<InvalidInputException>(() => BroadcastRules.Normalize([]));
        Assert.Throws<InvalidInputException>(() => BroadcastRules.Normalize(Enumerable.Range(0, 5001).Select(i => (BroadcastRules.RecipientInput?)new($"49151{i:D8}", null)).ToList()));
    }

    [Fact]
    public void Client_message_ids_map_back_to_their_recipient()
    {
        var id = BroadcastRules.NewId();
        Assert.True(BroadcastRules.IsWellFormedId(id));
        Assert.Equal((id, 4999), BroadcastRecipient.Parse(BroadcastRecipient.ClientMessageId(id, 4999)));
        Assert.Null(BroadcastRecipient.Parse("5f1c2d"));
        Assert.Null(BroadcastRecipient.Parse("bc_b_abc_x"));
    }

    [Fact]
    public void Production_refuses_a_minimum_delay_under_three_seconds()
    {
        var production = new BroadcastSettings(false, new HashSet<string>(["STOP"]));
        var e = Assert.Throws<InvalidInputException>(() => PacingRules.Apply(PacingSettings.Default, Json("""{"minDelaySeconds":2.5}"""), production));
        Assert.Contains("minDelaySeconds", e.Message);
        Assert.Equal(3, PacingRules.Apply(PacingSettings.Default, Json("""{"minDelaySeconds":3}"""), production).MinDelaySeconds);
        var fast = production with { AllowFast = true };
        Assert.Equal(0.05, PacingRules.Apply(PacingSettings.Default, Json("""{"minDelaySeconds":0.05,"maxDelaySeconds":0.1}"""), fast).MinDelaySeconds);
    }

    [Theory]
    [InlineData(null, 15_000)]  // host.json's 45 s work-item visibility
    [InlineData("10", 3_333)]   // the broadcast tests' short visibility
    [InlineData("300", 20_000)] // never longer than 20 s
    public void A_sending_step_ends_within_a_third_of_the_work_items_visibility(string? visibilitySeconds, int budgetMs)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WA_DURABLE_VISIBILITY_SECONDS"] = visibilitySeconds }).Build();
        Assert.Equal(budgetMs, (int)BroadcastSettings.From(config).StepBudget.TotalMilliseconds);
    }

    [Fact]
    public void Pacing_patch_merges_and_validates_each_field()
    {
        var settings = new BroadcastSettings(false, new HashSet<string>(["STOP"]));
        var p = PacingRules.Apply(PacingSettings.Default, Json("""{"quietHours":{"start":"23:00","timeZone":"Asia/Kolkata"},"warmup":{"ramp":[5,10]}}"""), settings);
        Assert.Equal(new TimeOnly(23, 0), p.QuietHours.Start);
        Assert.Equal(PacingSettings.Default.QuietHours.End, p.QuietHours.End);
        Assert.Equal("Asia/Kolkata", p.TimeZone);
        Assert.Equal([5, 10], p.Warmup.Ramp);
        Assert.Contains("maxDelaySeconds", Assert.Throws<InvalidInputException>(() => PacingRules.Apply(p, Json("""{"minDelaySeconds":40}"""), settings)).Message);
        Assert.Contains("timeZone", Assert.Throws<InvalidInputException>(() => PacingRules.Apply(p, Json("""{"quietHours":{"timeZone":"Mars/Olympus"}}"""), settings)).Message);
        Assert.Contains("dailyCap", Assert.Throws<InvalidInputException>(() => PacingRules.Apply(p, Json("""{"dailyCap":0}"""), settings)).Message);
        Assert.Contains("bogus", Assert.Throws<InvalidInputException>(() => PacingRules.Apply(p, Json("""{"bogus":1}"""), settings)).Message);
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData("  unsubscribe \n", true)]
    [InlineData("Stop", true)]
    [InlineData("stop please", false)]
    [InlineData("", false)]
    public void Stop_words_match_the_whole_trimmed_text(string text, bool stop) =>
        Assert.Equal(stop, BroadcastSettings.From(new ConfigurationBuilder().Build()).IsStopWord(text));

    /// <summary>A pacing PATCH body read as the API reads it (web defaults plus the API's strict settings).</summary>
    private static UpdatePacingRequest Json(string s)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        WaFunctions.Api.ApiComposition.Configure(options);
        try { return JsonSerializer.Deserialize<UpdatePacingRequest>(s, options)!; }
        catch (JsonException e) { throw new InvalidInputException(e.Message); }
    }
}
