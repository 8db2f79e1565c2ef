import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { leaseMs, marginMs, startCluster, type Cluster } from './helpers/cluster.js';
import { waitUntil } from './helpers/wait.js';

// Three engine-host processes share simulated sessions through blob leases;
// one reaches storage through proxies the test cuts (a network partition: its
// requests hang). It closes its sockets before its leases could expire (it
// cannot even tell storage), the others take the sessions over after expiry,
// and no two processes ever hold one session at the same time. Back on the
// network it carries on; sends are delivered exactly once.

describe('scale-out: a replica cut off from storage', () => {
  let c: Cluster;
  let sessions: string[] = [];

  before(async () => {
    c = await startCluster({ proxied: 'replica-3' });
    sessions = await c.link(12);
  });
  after(async () => {
    await c.stop();
  });

  it('closes its sockets before its leases can expire; the others take over; nothing is sent twice', async () => {
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
});
