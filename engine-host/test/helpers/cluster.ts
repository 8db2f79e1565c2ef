import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { startAzurite, type Azurite } from './azurite.js';
import { testEnv, uid } from './app.js';
import { makeTestBus, type Event, type TestBus } from './bus.js';
import { proxiedConnectionString } from './proxy.js';
import { launchReplica, ownedBy, ownershipIntervals, overlaps, simulatorSends, type Replica } from './replicas.js';
import { waitUntil } from './wait.js';
import { messageIdFor } from '../../src/sessions/sent-store.js';

// Three engine-host processes on one Azurite with the simulator, and what the
// scale-out tests check on them: sessions linked through the queues, sends
// delivered exactly once (counted where the simulator "sends"), and ownership
// intervals that never overlap.

export const leaseMs = 15_000;
export const marginMs = 3_000;
export const ids = ['replica-1', 'replica-2', 'replica-3'];

export type Sent = { sessionId: string; clientMessageId: string };

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** `proxied`: that replica reaches storage through proxies the test can cut (a network partition). */
export async function startCluster(opts: { proxied?: string } = {}) {
  const azurite: Azurite = await startAzurite();
  const cleanups: (() => Promise<void>)[] = [];
  const env = testEnv(azurite.connectionString, {
    WA_ENGINE_LEASE_SECONDS: String(leaseMs / 1000),
    WA_ENGINE_LEASE_MARGIN_MS: String(marginMs),
    WA_ENGINE_CLAIM_INTERVAL_MS: '1000',
    WA_COMMAND_VISIBILITY_SEC: '30',
    WA_SEND_READY_WAIT_MS: '10000',
    // Three processes polling two queues each: a gentler idle poll than the in-process tests use.
    WA_POLL_MIN_MS: '20',
    WA_POLL_MAX_MS: '1000',
    // No receipts: fewer events to read, nothing here is about them.
    WA_SIM_DELIVERED_MS: '-1',
    WA_SIM_READ_MS: '-1',
  });
  const cutOff = await proxiedConnectionString(azurite.connectionString);
  const bus: TestBus = makeTestBus(azurite.connectionString, { commands: env['WA_ENGINE_COMMANDS_QUEUE'] ?? '', events: env['WA_ENGINE_EVENTS_QUEUE'] ?? '' });
  /** every process launched, in order (the killed and stopped ones too: their logs count) */
  const all: Replica[] = [];
  const current = new Map<string, Replica>();

  const envFor = (id: string): Record<string, string> => (id === opts.proxied ? { ...env, AzureWebJobsStorage: cutOff.connectionString } : env);
  const launch = async (id: string): Promise<Replica> => {
    const r = launchReplica(envFor(id), id, cleanups);
    all.push(r);
    current.set(id, r);
    await r.ready();
    return r;
  };
  await Promise.all(ids.map(launch));

  const eventsOf = <T extends Event['type']>(type: T): Event<T>[] => bus.seen.filter((e): e is Event<T> => e.type === type);
  const lastSeq = (sessionId: string): number => Math.max(0, ...bus.seen.filter((e) => e.sessionId === sessionId).map((e) => e.seq));
  /** the session's newest status by seq (events from different replicas arrive in any order) */
  const latestStatus = (sessionId: string): Event<'session.status'> | undefined =>
    eventsOf('session.status').filter((e) => e.sessionId === sessionId).sort((a, b) => b.seq - a.seq)[0];
  const allReady = async (sessions: string[]): Promise<boolean> => {
    await bus.pull();
    return sessions.every((s) => latestStatus(s)?.data.status === 'ready');
  };
  /** a recipient on WhatsApp (the simulator treats numbers ending in 000 as not on it) */
  const recipient = (): string => `4917${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}${1 + Math.floor(Math.random() * 9)}`;

  const cluster = {
    azurite,
    env,
    bus,
    all,
    current,
    cutOff,
    launch,
    eventsOf,
    lastSeq,
    allReady,
    /** links `n` new sessions through the queues (start, QR, scan, ready) */
    async link(n: number): Promise<string[]> {
      const sessions = Array.from({ length: n }, () => uid('n'));
      await Promise.all(sessions.map((s) => bus.send('session.start', s)));
      await waitUntil(async () => (await bus.pull(), sessions.every((s) => eventsOf('session.qr').some((e) => e.sessionId === s))), {
        timeoutMs: 90_000,
        what: 'a QR for every session',
        intervalMs: 100,
      });
      await Promise.all(sessions.map((s, i) => bus.send('sim.scan', s, { phone: `4915${String(10_000_000 + i)}` })));
      await waitUntil(() => allReady(sessions), { timeoutMs: 90_000, what: 'every session ready', intervalMs: 100 });
      return sessions;
    },
    async send(sessionId: string, tag: string): Promise<Sent> {
      const clientMessageId = uid(tag);
      await bus.send('message.send', sessionId, { clientMessageId, to: recipient(), content: { kind: 'text', text: `hello ${clientMessageId}` } });
      return { sessionId, clientMessageId };
    },
    /** every send reported sent, each reached the simulator exactly once and was reported once (not as a duplicate), none failed */
    async assertExactlyOnce(sends: Sent[], what: string): Promise<void> {
      const pending = (): Sent[] => {
        const done = new Set(eventsOf('message.sent').map((e) => `${e.sessionId}\n${e.data.clientMessageId}`));
        return sends.filter((s) => !done.has(`${s.sessionId}\n${s.clientMessageId}`));
      };
      await waitUntil(async () => (await bus.pull(), pending().length === 0), { timeoutMs: 90_000, what: `${what}: every send reported sent`, intervalMs: 100 }).catch(
        (err: unknown) => {
          throw new Error(`${(err as Error).message}; still pending: ${JSON.stringify(pending().slice(0, 10))}`);
        },
      );
      const mine = new Set(sends.map((s) => s.clientMessageId));
      const failed = eventsOf('message.failed').filter((e) => mine.has(e.data.clientMessageId));
      assert.deepEqual(failed.map((e) => e.data), [], `${what}: no send failed`);
      const sim = simulatorSends(all);
      for (const s of sends) {
        const reached = sim.get(messageIdFor(s.sessionId, s.clientMessageId)) ?? 0;
        assert.equal(reached, 1, `${what}: ${s.clientMessageId} reached the simulator ${reached} times`);
        const reports = eventsOf('message.sent').filter((e) => e.sessionId === s.sessionId && e.data.clientMessageId === s.clientMessageId && !e.data.duplicate);
        assert.equal(reports.length, 1, `${what}: ${s.clientMessageId} reported sent (not as a duplicate) ${reports.length} times`);
      }
    },
    /** no two processes ever held one session at the same time (by the times they logged) */
    assertNoOverlap(what: string): number {
      const { bad, minGapMs } = overlaps(ownershipIntervals(all));
      assert.deepEqual(
        bad.map(([a, b]) => `${a.sessionId}: ${a.replica}#${a.process} until ${new Date(a.to).toISOString()} (${a.how}), ${b.replica}#${b.process} from ${new Date(b.from).toISOString()}`),
        [],
        `${what}: two processes held one session at once`,
      );
      return minGapMs;
    },
    ownedBy: () => ownedBy(all),
    intervals: () => ownershipIntervals(all),
    async stop(): Promise<void> {
      // SCALEOUT_LOGS=<dir>: every process's log and the events, for reading after a failure.
      const dir = process.env['SCALEOUT_LOGS'];
      if (dir) {
        await mkdir(dir, { recursive: true });
        await Promise.all(all.map((r, i) => writeFile(`${dir}/${i}-${r.id}.log`, r.output())));
        await writeFile(`${dir}/events.json`, JSON.stringify(bus.seen, null, 1));
      }
      for (const fn of cleanups.reverse()) await fn();
      await cutOff.close();
      await azurite.stop();
    },
  };
  return cluster;
}
