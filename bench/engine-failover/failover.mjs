#!/usr/bin/env node
// Failover time: kill -9 of the engine-host replica that owns the most sessions, then the time until
// each of its sessions reports `ready` again on another replica (the event's `at` minus the kill),
// next to the lease it is bounded by. The killed replica is started again (same id) before the next
// kill. Prints figures; asserts nothing.
//
//   node bench/engine-failover/failover.mjs [kills=20] [sessions=30] [leaseSeconds=15]
// Other engine settings are the production defaults (claim interval 5 s, margin 5 s) unless set
// in the environment (WA_ENGINE_CLAIM_INTERVAL_MS, WA_ENGINE_LEASE_MARGIN_MS).
import { benchEnv, launchReplica, linkSessions, makeTestBus, overlaps, ownedBy, ownershipIntervals, percentile, startAzurite, waitUntil } from './common.mjs';

const kills = Number(process.argv[2] ?? 20);
const sessionCount = Number(process.argv[3] ?? 30);
const leaseSeconds = Number(process.argv[4] ?? 15);
const ids = ['replica-1', 'replica-2', 'replica-3'];

const azurite = await startAzurite();
const cleanups = [];
const extra = {};
for (const k of ['WA_ENGINE_CLAIM_INTERVAL_MS', 'WA_ENGINE_LEASE_MARGIN_MS']) if (process.env[k]) extra[k] = process.env[k];
const env = benchEnv(azurite.connectionString, { WA_ENGINE_LEASE_SECONDS: String(leaseSeconds), ...extra });
const bus = makeTestBus(azurite.connectionString, { commands: env.WA_ENGINE_COMMANDS_QUEUE, events: env.WA_ENGINE_EVENTS_QUEUE });
const all = [];
const current = new Map();
const launch = async (id) => {
  const r = launchReplica(env, id, cleanups);
  all.push(r);
  current.set(id, r);
  await r.ready();
  return r;
};

try {
  await Promise.all(ids.map(launch));
  const sessions = await linkSessions(bus, sessionCount);
  const perSession = [];
  const perKill = [];
  for (let k = 1; k <= kills; k++) {
    // A kill at a random point of the renewal cycle (leases are renewed every lease/3 s): without it every kill
    // would land at the same phase after the previous take-over, and the figures would show that phase only.
    await new Promise((r) => setTimeout(r, Math.random() * (leaseSeconds / 3) * 1000));
    const owners = ownedBy(all);
    const counts = ids.map((id) => [id, sessions.filter((s) => owners.get(s) === id).length]);
    const [victimId] = counts.sort((a, b) => b[1] - a[1])[0];
    const victim = current.get(victimId);
    const theirs = sessions.filter((s) => owners.get(s) === victimId);
    await bus.pull();
    const lastSeq = new Map(theirs.map((s) => [s, Math.max(0, ...bus.seen.filter((e) => e.sessionId === s).map((e) => e.seq))]));
    await victim.kill9();
    const killedAt = victim.killedAt;
    const readyAt = new Map();
    await waitUntil(
      async () => {
        await bus.pull();
        for (const e of bus.seen) {
          if (e.type === 'session.status' && e.data.status === 'ready' && lastSeq.has(e.sessionId) && e.seq > lastSeq.get(e.sessionId) && !readyAt.has(e.sessionId)) {
            readyAt.set(e.sessionId, Date.parse(e.at));
          }
        }
        return readyAt.size === theirs.length;
      },
      { timeoutMs: leaseSeconds * 1000 + 120_000, what: 'the orphaned sessions ready again', intervalMs: 100 },
    );
    const times = theirs.map((s) => readyAt.get(s) - killedAt);
    perSession.push(...times);
    perKill.push(Math.max(...times));
    console.log(`kill ${String(k).padStart(2)}: ${victimId} owned ${theirs.length}; ready elsewhere after ${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))} ms`);
    await launch(victimId);
  }
  const { bad, minGapMs } = overlaps(ownershipIntervals(all));
  const s = (v) => `${(v / 1000).toFixed(1)} s`;
  console.log('');
  console.log(`engine failover: ${kills} kills of 1 of 3 replicas, ${sessionCount} sessions, lease ${leaseSeconds} s (renewed every ${leaseSeconds / 3} s), claim interval ${Number(env.WA_ENGINE_CLAIM_INTERVAL_MS ?? 5000) / 1000} s`);
  console.log(`  per session (${perSession.length}): p50 ${s(percentile(perSession, 50))}, p99 ${s(percentile(perSession, 99))}, max ${s(Math.max(...perSession))}`);
  console.log(`  per kill (slowest session): p50 ${s(percentile(perKill, 50))}, p99 ${s(percentile(perKill, 99))}`);
  console.log(`  bound: lease ${s(leaseSeconds * 1000)} + claim interval + resume; ratio p50/lease ${(percentile(perSession, 50) / (leaseSeconds * 1000)).toFixed(2)}, p99/lease ${(percentile(perSession, 99) / (leaseSeconds * 1000)).toFixed(2)}`);
  console.log(`  ownership overlaps: ${bad.length} (smallest gap between two owners of one session: ${Math.round(minGapMs)} ms)`);
} finally {
  for (const fn of cleanups.reverse()) await fn();
  await azurite.stop();
}
