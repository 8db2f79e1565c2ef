using WaFunctions.Chats;
using WaFunctions.Inbox.Conversations;

namespace WaFunctions.Tests.Inbox;

public sealed class ConversationRulesTests
{
    private static Chat Fresh(string status = Chat.Open) => Chat.New("n1", "1555@s.whatsapp.net", false, status);

    private static ConversationStep Step(Chat c, long at, string cause = "m") => new(c, cause, at);

    [Fact]
    public void A_first_inbound_message_creates_the_conversation_and_counts_it()
    {
        var s = Step(Fresh(), 1000, "m1");
        Assert.True(ConversationRules.Inbound(s, "m1"));
        Assert.Equal((Chat.Open, 1, 1000L), (s.Chat.Status, s.Chat.Episode, s.Chat.OpenedAt));
        Assert.Equal([EffectKind.Created], s.Effects.Select(e => e.Kind));
        Assert.Equal((1, 1), (s.Tally.Opened, s.Tally.In));
        Assert.Contains("m1", s.Finish().InboxIds);
        Assert.Equal(1, s.Finish().Version);
    }

    [Fact]
    public void Inbound_reopens_a_resolved_conversation_keeps_its_agent_and_leaves_pending_alone()
    {
        var resolved = Fresh() with { Episode = 1, Status = Chat.Resolved, Assignee = "ag_a", AssigneeName = "A", OpenedAt = 10, FirstResponseAt = 20, ResolvedAt = 30 };
        var s = Step(resolved, 100);
        Assert.True(ConversationRules.Inbound(s, "m"));
        Assert.Equal((Chat.Open, "ag_a", 100L, (long?)null, 1), (s.Chat.Status, s.Chat.Assignee, s.Chat.OpenedAt, s.Chat.FirstResponseAt, s.Chat.Episode));
        Assert.Equal("inbound", s.Effects.Single().Reason);

        var pending = Step(resolved with { Status = Chat.Pending }, 100);
        Assert.False(ConversationRules.Inbound(pending, "m"));
        Assert.Equal(Chat.Pending, pending.Chat.Status);
        Assert.Empty(pending.Effects);
    }

    [Fact]
    public void Inbound_on_a_closed_conversation_starts_the_next_one_unassigned()
    {
        var closed = Fresh() with { Episode = 2, Status = Chat.Closed, Assignee = "ag_a", AssigneeName = "A" };
        var s = Step(closed, 100);
        ConversationRules.Inbound(s, "m");
        Assert.Equal((3, Chat.Open, (string?)null), (s.Chat.Episode, s.Chat.Status, s.Chat.Assignee));
        Assert.Equal(EffectKind.Created, s.Effects.Single().Kind);
    }

    [Fact]
    public void The_first_answer_after_opening_is_the_first_response_broadcasts_and_auto_replies_are_not()
    {
        var open = Fresh() with { Episode = 1, OpenedAt = 1000 };
        var broadcast = Step(open, 1010);
        ConversationRules.Outbound(broadcast, "b", "b_x", autoReply: false);
        var auto = Step(broadcast.Chat, 1011);
        ConversationRules.Outbound(auto, "a", null, autoReply: true);
        Assert.Null(auto.Chat.FirstResponseAt);
        Assert.Equal(1, auto.Tally.Out);
        var answer = Step(auto.Chat, 1060);
        ConversationRules.Outbound(answer, "r", null, autoReply: false);
        Assert.Equal(1060, answer.Chat.FirstResponseAt);
        Assert.Equal(1, answer.Tally.FirstResponse![60]);
        var second = Step(answer.Chat, 1100);
        ConversationRules.Outbound(second, "r2", null, autoReply: false);
        Assert.Null(second.Tally.FirstResponse);
        Assert.Equal(new BroadcastMark("b_x", 1010, false), answer.Chat.LastBroadcast);
    }

    [Fact]
    public void An_earlier_answer_handled_after_a_later_one_becomes_the_first_response()
    {
        var open = Fresh() with { Episode = 1, OpenedAt = 1000 };
        var later = Step(open, 1180);
        ConversationRules.Outbound(later, "r2", null, autoReply: false);
        Assert.Equal(1180, later.Chat.FirstResponseAt);
        var earlier = Step(later.Chat, 1120);
        ConversationRules.Outbound(earlier, "r1", null, autoReply: false);
        Assert.Equal(1120, earlier.Chat.FirstResponseAt);
        // Taken together the two steps count one sample: 120 s, not 180 s.
        var total = new WaFunctions.Analytics.Tally().Plus(later.Tally).Plus(earlier.Tally);
        Assert.Equal(1, total.FirstResponse!.Values.Sum());
        Assert.Equal(120, WaFunctions.Analytics.Histogram.Percentile(total.FirstResponse, 50));
        Assert.Equal(0, total.FirstResponse.GetValueOrDefault(180));
        var after = Step(earlier.Chat, 1150);
        ConversationRules.Outbound(after, "r3", null, autoReply: false);
        Assert.Equal(1120, after.Chat.FirstResponseAt);
        Assert.Null(after.Tally.FirstResponse);
    }

    [Fact]
    public void An_answer_handled_before_the_message_it_answers_still_counts()
    {
        var answered = Fresh(Chat.Closed) with { LastAnswerAt = 1090, LastOutboundAt = 1090 };
        var s = Step(answered, 1000);
        ConversationRules.Inbound(s, "m");
        Assert.Equal(1090, s.Chat.FirstResponseAt);
        Assert.Equal(1, s.Tally.FirstResponse![90]);
    }

    [Fact]
    public void A_broadcast_reply_counts_within_24_hours_once()
    {
        var reached = Fresh() with { LastBroadcast = new BroadcastMark("b_1", 1000, false) };
        var late = Step(reached, 1000 + 24 * 3600 + 1);
        Assert.Null(ConversationRules.BroadcastReply(late));
        var s = Step(reached, 1000 + 3600);
        Assert.Equal("b_1", ConversationRules.BroadcastReply(s));
        Assert.Null(ConversationRules.BroadcastReply(Step(s.Chat, 1000 + 3700)));
    }

    [Fact]
    public void Resolve_counts_the_resolution_time_and_a_closed_conversation_refuses_it()
    {
        var open = Fresh() with { Episode = 1, OpenedAt = 1000, Assignee = "ag_a" };
        var s = Step(open, 4630);
        Assert.True(ConversationRules.Resolve(s));
        Assert.Equal((1, 4630L), (s.Tally.Resolved, s.Chat.ResolvedAt!.Value));
        Assert.Equal(1, s.Tally.Resolution![3600]);
        Assert.False(ConversationRules.Resolve(Step(s.Chat, 5000)));
        Assert.Throws<ConversationClosedException>(() => ConversationRules.Resolve(Step(open with { Status = Chat.Closed }, 5000)));
    }

    [Fact]
    public void Reopen_of_a_chat_that_never_had_a_conversation_creates_one()
    {
        var s = Step(Fresh(Chat.Closed), 10);
        Assert.True(ConversationRules.Reopen(s, "api"));
        Assert.Equal((EffectKind.Created, 1), (s.Effects.Single().Kind, s.Chat.Episode));
        Assert.False(ConversationRules.Reopen(Step(s.Chat, 11), "api"));
        var again = Step(s.Chat with { Status = Chat.Resolved }, 12);
        Assert.True(ConversationRules.Reopen(again, "api"));
        Assert.Equal((EffectKind.Reopened, "api"), (again.Effects.Single().Kind, again.Effects.Single().Reason));
    }

    [Fact]
    public void Assigning_records_an_effect_only_when_the_agent_changes()
    {
        var s = Step(Fresh(), 10);
        Assert.True(ConversationRules.Assign(s, "ag_a", "Asha", "api"));
        Assert.False(ConversationRules.Assign(s, "ag_a", "Asha", "api"));
        Assert.True(ConversationRules.Assign(s, null, "ignored", "api"));
        Assert.Equal([("ag_a", "api"), (null, "api")], s.Effects.Select(e => (e.Agent, e.Reason)));
        Assert.Null(s.Chat.AssigneeName);
    }

    [Fact]
    public void Effects_are_remembered_up_to_a_bound()
    {
        var c = Fresh();
        for (var i = 0; i < 40; i++)
        {
            var s = Step(c, i, "cause" + i);
            s.Effect(EffectKind.Assigned, "ag_a");
            c = s.Finish();
        }
        Assert.Equal(ConversationStep.EffectsKept, c.Effects.Count);
        Assert.Equal("cause39", c.Effects[^1].Cause);
    }
}
