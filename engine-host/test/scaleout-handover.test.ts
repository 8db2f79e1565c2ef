import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, leaseMs, marginMs, startCluster, type Cluster, type Sent } from './helpers/cluster.js';
import { waitUntil } from './helpers/wait.js';

// Three engine-host processes share simulated sessions through blob leases.
// A rolling restart (SIGTERM, start again, one replica at a time) under a
// steady send load hands sessions over: nothing lost, nothing sent twice. A
// replica cut off from storage closes its sockets before its leases could
// expire, and the others take over. No two processes ever hold one session at
// the same time.

describe('scale-out: handover and fencing', () => {
  let c: Cluster;
  let sessions: string[] = [];

  before(async () => {
    c = await startCluster({ proxied: 'replica-3' });
    sessions = await c.link(15);
  });
  after(async () => {
    await c.stop();
  });

  it('a replica cut off from storage closes its sockets before its leases can expire; the others take over', async () => {
    const cut = c.current.get('replica-3')!;
    const owners = c.ownedBy();
    const theirs = sessions.filter((s) => owners.get(s) === 'replica-3');
    assert.ok(theirs.length > 0, 'the replica behind the proxy owns sessions');
    await c.bus.pull();
    const before = new Map(sessions.map((s) => [s, c.lastSeq(s)]));
    const linesBefore = cut.lines().length;

    c.cutOff.cut();
    const readyElsewhere = (s: string): boolean =>
      c.eventsOf('session.status').some((e) => e.sessionId === s && e.data.status === 'ready' && e.seq > (before.get(s) ?? 0));
    await waitUntil(async () => (await c.bus.pull(), theirs.every(readyElsewhere)), {
      timeoutMs: leaseMs + 45_000,
      what: "the cut-off replica's sessions ready elsewhere",
      intervalMs: 100,
    });
    const fenced = cut.lines().slice(linesBefore).filter((l) => l.msg === 'lease released' && l.fields['reason'] === 'lease_expiring');
    assert.deepEqual(new Set(fenced.map((l) => l.fields['sessionId'])), new Set(theirs), 'every session of the cut-off replica was fenced');
    // Fenced before the lease could expire: the next owner took it about the margin later, or more.
    const intervals = c.intervals();
    for (const s of theirs) {
      const mine = intervals.find((i) => i.sessionId === s && i.replica === 'replica-3' && i.how === 'lease_expiring')!;
      const next = intervals.filter((i) => i.sessionId === s && i.from >= mine.to).sort((a, b) => a.from - b.from)[0]!;
      assert.ok(next.from - mine.to >= marginMs / 2, `${s}: fenced at ${new Date(mine.to).toISOString()}, taken over at ${new Date(next.from).toISOString()}`);
    }
    c.assertNoOverlap('partition');

    // Back on the network it carries on (under a new inbox if the others cleaned up after it meanwhile).
    c.cutOff.heal();
    const sends = await Promise.all(sessions.map((s) => c.send(s, 'healed')));
    await c.assertExactlyOnce(sends, 'after the partition');
    c.assertNoOverlap('after the partition');
  });

  it('rolling restart of every replica under a steady send load: nothing lost, nothing sent twice', async () => {
    const sends: Sent[] = [];
    let loading = true;
    const load = (async () => {
      for (let i = 0; loading; i++) {
        sends.push(await c.send(sessions[i % sessions.length]!, 'roll'));
        await new Promise((r) => setTimeout(r, 40)); // the pace of the load, not synchronisation
      }
    })();
    for (const id of ids) {
      const old = c.current.get(id)!;
      // SIGTERM, and its successor started at the same time (as run.sh or a rollout would, only sooner).
      const [code] = await Promise.all([old.stop(), c.launch(id)]);
      assert.equal(code, 0, `${id} stopped gracefully`);
      assert.match(old.output(), /engine-host stopped/);
      // A rolling restart waits for the service to be whole again before the next step.
      await waitUntil(() => c.allReady(sessions), { timeoutMs: 60_000, what: `every session ready after restarting ${id}`, intervalMs: 100 });
    }
    loading = false;
    await load;
    assert.ok(sends.length >= 30, `a steady load was sent (${sends.length} messages)`);
    await c.assertExactlyOnce(sends, 'rolling restart');
    c.assertNoOverlap('rolling restart');
    const handedOver = c.all.flatMap((r) => r.lines()).filter((l) => l.msg === 'lease released' && l.fields['reason'] === 'shutdown');
    assert.ok(handedOver.length >= sessions.length, 'sessions were handed over on SIGTERM, not left to expire');
  });
});
