using WaFunctions.Tests.Infrastructure;

namespace WaFunctions.Tests.Broadcasts;

/// <summary>
/// Crash safety: a test host killed (Environment.FailFast) the first time a send reaches step n, for every step (see
/// <c>SendStep</c>), then a clean process takes the orchestration over and finishes the broadcast. Every recipient gets
/// exactly one message.send; the one exception is a crash after the send was enqueued and before the recipient was
/// marked (step 4), where the activity runs again and enqueues the identical command once more — the engine-host drops
/// it by clientMessageId (enginesent), so WhatsApp sees one. Own Azurite: the crashing process must be the only worker.
/// </summary>
public sealed class BroadcastCrashTests : IAsyncLifetime
{
    private readonly BroadcastRig _rig = new();

    public async Task InitializeAsync() => await _rig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Exactly_one_send_per_recipient_with_a_crash_between_any_two_steps()
    {
        var session = await _rig.ReadySessionAsync(BroadcastRig.Fast(0.05, 0.1));
        await _rig.App.DisposeAsync(); // from now on only the processes below consume ticks
        for (var step = 1; step <= 5; step++)
        {
            var marker = Path.Combine(Path.GetTempPath(), $"crash-{Guid.NewGuid():N}");
            var crashing = await _rig.StartProcessAsync(new Dictionary<string, string?> { ["WA_TEST_CRASH_AT_STEP"] = step.ToString(), ["WA_TEST_CRASH_MARKER"] = marker });
            var id = await _rig.CreateAsync(session, 4, via: crashing);
            await Wait.UntilAsync(() => Task.FromResult(crashing.Process.HasExited), BroadcastRig.Patience, $"the crash at step {step}");
            Assert.True(File.Exists(marker), $"step {step}: the process exited without the injected crash:\n{crashing.Process.Output}");
            await crashing.DisposeAsync();

            var clean = await _rig.StartProcessAsync(new Dictionary<string, string?> { ["WA_TEST_CRASH_AT_STEP"] = step.ToString(), ["WA_TEST_CRASH_MARKER"] = marker });
            await Wait.UntilAsync(async () => (await _rig.Data(await _rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}", via: clean))).GetProperty("status").GetString() == "completed",
                BroadcastRig.Patience, $"completion after the crash at step {step}");
            await Wait.UntilAsync(() => Task.FromResult(_rig.Collector.SendsOf(id).Select(s => s.ClientMessageId).Distinct().Count() == 4), BroadcastRig.Patience, "all sends collected");
            // Completed: every send was reported, so every copy of every command is in; no more can come.
            var perRecipient = _rig.Collector.SendsOf(id).GroupBy(s => s.ClientMessageId).ToDictionary(g => g.Key!, g => g.ToList());
            Assert.Equal(Enumerable.Range(0, 4).Select(i => $"bc_{id}_{i}").Order(), perRecipient.Keys.Order());
            foreach (var (cmid, copies) in perRecipient)
            {
                var allowed = step == 4 && cmid == $"bc_{id}_{CrashedIndex(marker)}" ? 2 : 1;
                Assert.True(copies.Count <= allowed, $"step {step}: {cmid} was enqueued {copies.Count} times");
                Assert.Single(copies.Select(c => (c.To, c.Text)).Distinct());
            }
            var b = await _rig.Data(await _rig.Send(HttpMethod.Get, $"api/v1/broadcasts/{id}", via: clean));
            Assert.Equal((4, 0), (b.GetProperty("sentCount").GetInt32(), b.GetProperty("progress").GetProperty("queued").GetInt32()));
            await clean.DisposeAsync();
        }
    }

    private static int CrashedIndex(string marker) => int.Parse(File.ReadAllText(marker).Split(' ')[1]);
}
