import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, leaseMs, startCluster, type Cluster } from './helpers/cluster.js';
import type { Event } from './helpers/bus.js';
import { waitUntil } from './helpers/wait.js';

// Three engine-host processes share 30 simulated sessions through blob leases.
// One is killed with -9: its sessions are resumed by the others, without a QR,
// once its leases expire; sends queued in the gap go out exactly once; and no
// two processes ever held one session at the same time.

describe('scale-out: kill -9 of a replica', () => {
  let c: Cluster;
  let sessions: string[] = [];

  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c.stop();
  });

  it('spreads 30 new sessions over the three replicas (least-loaded), each owned by exactly one', async () => {
    sessions = await c.link(30);
    const owners = c.ownedBy();
    const counts = ids.map((id) => sessions.filter((s) => owners.get(s) === id).length);
    assert.equal(counts.reduce((a, b) => a + b, 0), 30, `every session has one owner: ${counts.join('/')}`);
    assert.ok(Math.min(...counts) >= 5, `least-loaded placement spreads them: ${counts.join('/')}`);
    c.assertNoOverlap('linking');
  });

  it('its sessions are ready on the others within the lease plus a few seconds; sends queued meanwhile go out once', async () => {
    const victim = c.current.get('replica-2')!;
    const owners = c.ownedBy();
    const theirs = sessions.filter((s) => owners.get(s) === 'replica-2');
    assert.ok(theirs.length > 0, 'the victim owns sessions');
    await c.bus.pull();
    const before = new Map(sessions.map((s) => [s, c.lastSeq(s)]));

    await victim.kill9();
    const killedAt = victim.killedAt ?? Date.now();
    // Sends queued during the gap: two for each orphaned session, one for every other.
    const sends = await Promise.all(sessions.flatMap((s) => (theirs.includes(s) ? [c.send(s, 'gap'), c.send(s, 'gap')] : [c.send(s, 'gap')])));

    const readyAgain = (s: string): Event<'session.status'> | undefined =>
      c.eventsOf('session.status').find((e) => e.sessionId === s && e.data.status === 'ready' && e.seq > (before.get(s) ?? 0));
    await waitUntil(async () => (await c.bus.pull(), theirs.every((s) => readyAgain(s))), {
      timeoutMs: leaseMs + 45_000,
      what: 'the orphaned sessions ready again',
      intervalMs: 100,
    });
    // The bound under test: the lease (the dead replica renewed at most a third of it before the kill),
    // one claim interval, and a start. Generous for a busy machine; typically it is under the lease.
    const failover = theirs.map((s) => Date.parse(readyAgain(s)!.at) - killedAt);
    const worst = Math.max(...failover);
    assert.ok(worst <= leaseMs + 10_000, `ready again ${Math.round(worst)} ms after the kill; the lease is ${leaseMs} ms`);
    const now = c.ownedBy();
    for (const s of theirs) {
      assert.ok(now.get(s) && now.get(s) !== 'replica-2', `${s} is owned by a live replica (${now.get(s)})`);
      assert.ok(!c.eventsOf('session.qr').some((e) => e.sessionId === s && e.seq > (before.get(s) ?? 0)), `${s} resumed without a QR`);
    }
    await c.assertExactlyOnce(sends, 'after kill -9');
    c.assertNoOverlap('kill -9');

  });
});
