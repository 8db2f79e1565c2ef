#!/usr/bin/env node
// Memory per simulated session: RSS of each engine-host replica idle with no session, then with
// its share of `replicas × perReplica` linked sessions (placed by the replicas themselves,
// least-loaded), after a settle period. Prints figures; asserts nothing.
//
//   node bench/engine-failover/memory.mjs [replicas=3] [perReplica=200]
import { benchEnv, launchReplica, linkSessions, makeTestBus, ownedBy, rssMiB, startAzurite, waitUntil } from './common.mjs';

const replicas = Number(process.argv[2] ?? 3);
const perReplica = Number(process.argv[3] ?? 200);
const ids = Array.from({ length: replicas }, (_, i) => `replica-${i + 1}`);
const settle = () => new Promise((r) => setTimeout(r, 15_000)); // let start-up garbage be collected before reading RSS

const azurite = await startAzurite();
const cleanups = [];
const env = benchEnv(azurite.connectionString, { WA_LOG_LEVEL: 'warn' });
const bus = makeTestBus(azurite.connectionString, { commands: env.WA_ENGINE_COMMANDS_QUEUE, events: env.WA_ENGINE_EVENTS_QUEUE });
try {
  const procs = await Promise.all(ids.map(async (id) => {
    const r = launchReplica(env, id, cleanups);
    await r.ready();
    return r;
  }));
  await settle();
  const before = procs.map((p) => rssMiB(p.child.pid));
  const t0 = Date.now();
  const sessions = await linkSessions(bus, replicas * perReplica);
  const linkedIn = Date.now() - t0;
  await waitUntil(() => ownedBy(procs).size === sessions.length, { timeoutMs: 60_000, what: 'every session owned', intervalMs: 200 });
  await settle();
  const owners = ownedBy(procs);
  console.log(`engine memory: ${replicas} replicas, ${sessions.length} simulated sessions linked in ${(linkedIn / 1000).toFixed(1)} s`);
  let total = 0;
  let totalSessions = 0;
  procs.forEach((p, i) => {
    const after = rssMiB(p.child.pid);
    const n = sessions.filter((s) => owners.get(s) === p.id).length;
    total += after - before[i];
    totalSessions += n;
    console.log(`  ${p.id}: ${n} sessions, RSS ${before[i].toFixed(0)} MiB idle → ${after.toFixed(0)} MiB (${(((after - before[i]) * 1024) / Math.max(1, n)).toFixed(0)} KiB per session)`);
  });
  console.log(`  per session overall: ${((total * 1024) / totalSessions).toFixed(0)} KiB RSS; an empty replica: ${(before.reduce((a, b) => a + b, 0) / before.length).toFixed(0)} MiB`);
} finally {
  for (const fn of cleanups.reverse()) await fn();
  await azurite.stop();
}
