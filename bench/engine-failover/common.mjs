// Shared by the engine-failover benchmarks: real engine-host processes (simulator) on a private
// Azurite, driven through the queues like the functions side, using the engine-host test helpers
// (compiled to engine-host/dist/test/helpers by `npm run build` in engine-host/).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const helpers = path.join(root, 'engine-host/dist/test/helpers');
if (!existsSync(path.join(helpers, 'replicas.js'))) {
  console.error('Build the engine-host first: cd engine-host && npm ci && npm run build (and npm ci at the repository root for Azurite).');
  process.exit(2);
}
export const { startAzurite } = await import(path.join(helpers, 'azurite.js'));
export const { testEnv, uid } = await import(path.join(helpers, 'app.js'));
export const { makeTestBus } = await import(path.join(helpers, 'bus.js'));
export const { launchReplica, ownedBy, ownershipIntervals, overlaps } = await import(path.join(helpers, 'replicas.js'));
export const { waitUntil } = await import(path.join(helpers, 'wait.js'));

export const percentile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Engine settings for the benchmarks: production defaults except where a benchmark says otherwise. */
export function benchEnv(connectionString, overrides = {}) {
  const env = testEnv(connectionString, {
    WA_POLL_MIN_MS: '50',
    WA_POLL_MAX_MS: '1000',
    WA_SIM_DELIVERED_MS: '-1',
    WA_SIM_READ_MS: '-1',
    WA_SEND_READY_WAIT_MS: '10000',
    ...overrides,
  });
  // testEnv's short test timings that these benchmarks do not want unless asked for:
  for (const k of ['WA_ENGINE_LEASE_SECONDS', 'WA_ENGINE_LEASE_MARGIN_MS', 'WA_ENGINE_CLAIM_INTERVAL_MS', 'WA_RECONNECT_BASE_MS', 'WA_RECONNECT_MAX_MS']) {
    if (!(k in overrides)) delete env[k];
  }
  return env;
}

/** Links `n` new sessions through the queues (start, QR, scan, ready), in batches. */
export async function linkSessions(bus, n, batch = 100) {
  const ids = [];
  const ready = new Set();
  const qr = new Set();
  let seenUpTo = 0;
  const scanEvents = () => {
    for (; seenUpTo < bus.seen.length; seenUpTo++) {
      const e = bus.seen[seenUpTo];
      if (e.type === 'session.qr') qr.add(e.sessionId);
      if (e.type === 'session.status' && e.data.status === 'ready') ready.add(e.sessionId);
    }
  };
  for (let start = 0; start < n; start += batch) {
    const group = Array.from({ length: Math.min(batch, n - start) }, () => uid('b'));
    ids.push(...group);
    await Promise.all(group.map((s) => bus.send('session.start', s)));
    await waitUntil(async () => (await bus.pull(), scanEvents(), group.every((s) => qr.has(s))), { timeoutMs: 300_000, what: 'QR codes', intervalMs: 200 });
    await Promise.all(group.map((s, i) => bus.send('sim.scan', s, { phone: `4915${String(10_000_000 + start + i)}` })));
    await waitUntil(async () => (await bus.pull(), scanEvents(), group.every((s) => ready.has(s))), { timeoutMs: 300_000, what: 'sessions ready', intervalMs: 200 });
  }
  return ids;
}
