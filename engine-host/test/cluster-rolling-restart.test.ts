import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, startCluster, type Cluster, type Sent } from './helpers/cluster.js';
import { waitUntil } from './helpers/wait.js';

// Three engine-host processes share simulated sessions through blob leases. A
// rolling restart (SIGTERM, start again, one replica at a time) under a steady
// send load hands the sessions over on SIGTERM: sockets closed, then leases
// released, the others take them at once. Nothing is lost, nothing sent twice,
// and no two processes ever hold one session at the same time.

describe('scale-out: rolling restart', () => {
  let c: Cluster;
  let sessions: string[] = [];

  before(async () => {
    c = await startCluster();
    sessions = await c.link(12);
  });
  after(async () => {
    await c.stop();
  });

  it('restarting every replica one by one under a steady send load: nothing lost, nothing sent twice', async () => {
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
