import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { ClusterConfig } from '../config.js';
import type { CommandQueue } from '../bus/transport.js';
import { QueueGoneError } from '../bus/transport.js';
import { errorText, type Log } from '../log.js';
import { makeKeyedSerializer } from '../util/async.js';
import { assign, leastLoaded, type Load } from './assign.js';
import { LeaseLostError, type LeaseStore, type ReplicaEntry, type SessionLease } from './lease-store.js';

// Which sessions this replica runs, on Azure blob leases (one per session):
//
// - Claim: a wanted session (table `enginesessions`) whose lease nobody holds is
//   taken by the least-loaded live replica (cluster/assign.ts), found by a scan
//   every WA_ENGINE_CLAIM_INTERVAL_MS; a command for an unowned session is taken
//   by the replica it is routed to. Taking the lease comes first, then the socket.
// - Renew: every lease/3. The lease is only trusted until (start of the last
//   successful renewal + lease − margin), on this process's monotonic clock; the
//   storage service counts the lease from when it handled that request, which is
//   later. At that deadline the socket is closed (fenced) whether or not storage
//   can be reached, so it is closed before any other replica can take the lease.
// - Release: on graceful shutdown (socket closed first, then the lease released),
//   and when a session stops running (stopped, logged out, failed).
// - Route: a command for a session is run here if this replica owns it, else
//   forwarded to the owner's inbox queue (named in the lease metadata).
// - Replicas: each process holds a lease on `replicas/<inbox>` and refreshes its
//   metadata (heartbeat, load) at every renewal. A replica whose blob is no
//   longer leased has gone; its inbox is moved back to the shared queue and deleted.

export type SessionHost = {
  /** resumes a wanted session just taken (from its stored auth state, without a QR) */
  resume(sessionId: string): Promise<void>;
  /** closes its socket without logging out ('handover' reports engine_shutdown; 'fenced' reports nothing) and forgets it */
  close(sessionId: string, kind: 'handover' | 'fenced'): Promise<void>;
  /** has a socket or a reconnect loop */
  active(sessionId: string): boolean;
};

export type Route =
  | { kind: 'local'; done(): Promise<void> }
  | { kind: 'forward'; queue: CommandQueue }
  /** nobody can take it right now (e.g. our own expiring lease): route it again after a delay */
  | { kind: 'defer'; delaySec: number };

type Entry = {
  sessionId: string;
  leaseId: string;
  since: string;
  /** claiming: the lease is ours and the session is being resumed; commands wait for that */
  state: 'claiming' | 'owned' | 'releasing' | 'fenced';
  holds: number;
  /** monotonic ms after which the lease is not trusted any more */
  validUntil: number;
  /** renewals failing in a row (the first is logged as a warning, the rest quietly) */
  failures: number;
  renewTimer?: NodeJS.Timeout;
  fenceTimer?: NodeJS.Timeout;
};

export type OwnershipDeps = {
  config: ClusterConfig;
  leases: LeaseStore;
  registry: { listWanted(): Promise<string[]>; isWanted(sessionId: string): Promise<boolean> };
  sessions: SessionHost;
  transport: { commands: CommandQueue; queue(name: string): CommandQueue };
  /** forgets cached per-session state that another owner may have moved on (event seq blocks) */
  forget?: (sessionId: string) => void;
  log: Log;
  /** monotonic milliseconds */
  now?: () => number;
  host?: string;
  pid?: number;
  isAlive?: (pid: number) => boolean;
};

export const inboxNameFor = (commandsQueue: string): string =>
  `${commandsQueue.slice(0, 48).replace(/-+$/, '')}-in-${randomBytes(5).toString('hex')}`;

/**
 * This machine, as far as "is that pid alive?" can be asked here: the hostname plus the running kernel's boot id
 * (Linux), so two computers that happen to share a hostname are never taken for one.
 */
export function hostIdentity(): string {
  let boot = '';
  try {
    boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '').slice(0, 12);
  } catch {
    // not Linux: the hostname alone
  }
  const name = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60) || 'host';
  return boot ? `${name}@${boot}` : name;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const unref = (t: NodeJS.Timeout): NodeJS.Timeout => (t.unref(), t);

export function makeOwnership(deps: OwnershipDeps) {
  const { config, leases, registry, sessions, transport } = deps;
  const now = deps.now ?? (() => performance.now());
  const host = deps.host ?? hostIdentity();
  const pid = deps.pid ?? process.pid;
  const isAlive = deps.isAlive ?? processAlive;
  const leaseSec = Math.round(config.leaseMs / 1000);
  const log = deps.log.child({ replica: config.replicaId });

  const owned = new Map<string, Entry>();
  const ops = makeKeyedSerializer();
  const orphanStreak = new Map<string, number>();
  let inbox = transport.queue(inboxNameFor(transport.commands.name));
  let replicaLease = randomUUID();
  const started = new Date().toISOString();
  let view: ReplicaEntry[] = [];
  let stopping = false;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let scanTimer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;

  /** claims for commands under way: counted as load already, or a burst of new sessions would all pick us */
  let claiming = 0;
  const load = (): number => [...owned.values()].filter((e) => e.state === 'owned' || e.state === 'claiming').length + claiming;
  const valid = (e: Entry | undefined): e is Entry => e !== undefined && e.state === 'owned' && now() < e.validUntil;
  /** may use the socket and write the session's state (also while resuming it) */
  const trusted = (e: Entry | undefined): boolean => e !== undefined && (e.state === 'owned' || e.state === 'claiming') && now() < e.validUntil;
  // Heartbeats are compared with what we saw before, on our own clock, never with our wall clock:
  // another machine's clock may be off by more than a heartbeat.
  const heartbeats = new Map<string, { value: string; changedAt: number }>();
  const observe = (replicas: ReplicaEntry[]): void => {
    const present = new Set(replicas.map((r) => r.inbox));
    for (const inboxName of heartbeats.keys()) if (!present.has(inboxName)) heartbeats.delete(inboxName);
    for (const r of replicas) {
      const seen = heartbeats.get(r.inbox);
      if (!seen || seen.value !== r.heartbeat) heartbeats.set(r.inbox, { value: r.heartbeat, changedAt: now() });
    }
  };
  /** how long this replica's heartbeat has not moved, as far as we have watched it */
  const quietFor = (r: ReplicaEntry): number => now() - (heartbeats.get(r.inbox)?.changedAt ?? now());
  /**
   * Replicas that refreshed their blob lately (every renewal, lease/3): a killed one drops out after two missed
   * heartbeats, before its lease even expires, and a sweeper holding a departed replica's blob is not one.
   */
  const live = (r: ReplicaEntry): boolean => r.leased && !r.stopped && quietFor(r) < 2 * config.renewMs + config.claimIntervalMs + 1000;
  const loads = (): Load[] => [...view.filter((r) => live(r) && r.inbox !== inbox.name).map((r) => ({ inbox: r.inbox, sessions: r.sessions })), { inbox: inbox.name, sessions: load() }];

  /** An earlier process of this same replica id on this host that is known to be dead: its leases can be broken at once. */
  const deadPredecessor = (o: { replica?: string; host?: string; pid?: number; inbox?: string }): boolean =>
    config.replicaIdFixed && o.replica === config.replicaId && o.host === host && o.inbox !== inbox.name && o.pid !== undefined && (o.pid === pid || !isAlive(o.pid));

  // ---------------------------------------------------------------- sessions --

  function clearTimers(e: Entry): void {
    if (e.renewTimer) clearTimeout(e.renewTimer);
    if (e.fenceTimer) clearTimeout(e.fenceTimer);
    e.renewTimer = e.fenceTimer = undefined;
  }

  function armFence(e: Entry): void {
    if (e.fenceTimer) clearTimeout(e.fenceTimer);
    e.fenceTimer = unref(setTimeout(() => void fence(e, 'lease_expiring'), Math.max(0, e.validUntil - now())));
  }

  function scheduleRenew(e: Entry, delayMs: number): void {
    if (e.renewTimer) clearTimeout(e.renewTimer);
    e.renewTimer = unref(setTimeout(() => void renew(e), delayMs));
  }

  async function renew(e: Entry): Promise<void> {
    if (e.state !== 'owned' && e.state !== 'claiming') return;
    if (e.state === 'owned' && e.holds === 0 && !sessions.active(e.sessionId)) {
      // Not running any more (stopped, logged out, failed): let it go instead of renewing.
      await ops.run(e.sessionId, () => release(e, 'idle'));
      return;
    }
    const sentAt = now();
    try {
      await leases.renew(e.sessionId, e.leaseId);
      if (e.state !== 'owned' && e.state !== 'claiming') return;
      e.validUntil = sentAt + config.leaseMs - config.marginMs;
      if (e.failures > 0) log.info('lease renewed again', { sessionId: e.sessionId, after: e.failures });
      e.failures = 0;
      armFence(e);
      scheduleRenew(e, config.renewMs);
    } catch (err) {
      if (e.state !== 'owned' && e.state !== 'claiming') return;
      if (err instanceof LeaseLostError) {
        await fence(e, 'lease_lost');
        return;
      }
      const fields = { sessionId: e.sessionId, error: errorText(err), trustedForMs: Math.round(e.validUntil - now()) };
      if (e.failures++ === 0) log.warn('lease renewal failed, retrying', fields);
      else log.debug('lease renewal failed, retrying', fields);
      scheduleRenew(e, Math.min(1000, config.renewMs));
    }
  }

  /** The lease can no longer be trusted: close the socket now, then (best effort) let the lease go. */
  async function fence(e: Entry, reason: string): Promise<void> {
    if (e.state === 'fenced') return;
    e.state = 'fenced';
    clearTimers(e);
    log.warn('lease lost: closing the session', { sessionId: e.sessionId, reason });
    try {
      await sessions.close(e.sessionId, 'fenced');
    } catch (err) {
      log.error('closing a fenced session failed', { sessionId: e.sessionId, error: errorText(err) });
    }
    log.info('lease released', { sessionId: e.sessionId, reason });
    if (owned.get(e.sessionId) === e) owned.delete(e.sessionId);
    loadChanged();
    deps.forget?.(e.sessionId);
    await leases.release(e.sessionId, e.leaseId).catch(() => undefined);
  }

  /** Socket closed first, then the lease released. Runs under ops for the session. */
  async function release(e: Entry, reason: 'idle' | 'shutdown'): Promise<void> {
    if (e.state !== 'owned' || (reason === 'idle' && (e.holds > 0 || sessions.active(e.sessionId)))) return;
    e.state = 'releasing';
    if (e.renewTimer) clearTimeout(e.renewTimer);
    // The fence timer stays armed: if closing takes longer than the lease can be trusted, it fences.
    try {
      await sessions.close(e.sessionId, 'handover');
    } catch (err) {
      log.error('closing a session failed', { sessionId: e.sessionId, error: errorText(err) });
    }
    if (e.state !== 'releasing') return; // fenced meanwhile
    clearTimers(e);
    log.info('lease released', { sessionId: e.sessionId, reason });
    owned.delete(e.sessionId);
    loadChanged();
    deps.forget?.(e.sessionId);
    await leases.release(e.sessionId, e.leaseId).catch((err: unknown) =>
      log.warn('releasing a lease failed; it expires by itself', { sessionId: e.sessionId, error: errorText(err) }),
    );
  }

  /** Takes the session's lease (if free) and resumes it when it should be running. */
  function claim(sessionId: string, why: 'scan' | 'command' | 'predecessor', counted?: { done: boolean }): Promise<Entry | undefined> {
    const uncount = (): void => {
      if (counted && !counted.done) {
        counted.done = true;
        claiming--;
      }
    };
    return ops.run(sessionId, async () => {
      const existing = owned.get(sessionId);
      if (existing) return existing.state === 'owned' ? existing : undefined;
      if (stopping) return undefined;
      const leaseId = randomUUID();
      const since = new Date().toISOString();
      const sentAt = now();
      if (!(await leases.acquire(sessionId, leaseId, leaseSec, { replica: config.replicaId, inbox: inbox.name, since, host, pid }))) return undefined;
      const e: Entry = { sessionId, leaseId, since, state: 'claiming', holds: 0, failures: 0, validUntil: sentAt + config.leaseMs - config.marginMs };
      owned.set(sessionId, e);
      uncount(); // the entry counts from now on
      orphanStreak.delete(sessionId);
      deps.forget?.(sessionId);
      log.info('lease acquired', { sessionId, reason: why });
      loadChanged();
      armFence(e);
      scheduleRenew(e, config.renewMs);
      try {
        if (why !== 'command' || (await registry.isWanted(sessionId))) await sessions.resume(sessionId);
      } catch (err) {
        log.error('resume failed', { sessionId, error: errorText(err) });
      }
      if (e.state !== 'claiming') return undefined; // fenced while resuming
      e.state = 'owned';
      return e;
    }).finally(uncount);
  }

  function local(e: Entry): Route {
    e.holds++;
    return {
      kind: 'local',
      done: async () => {
        e.holds--;
        if (e.holds === 0 && e.state === 'owned' && !sessions.active(e.sessionId)) await ops.run(e.sessionId, () => release(e, 'idle'));
      },
    };
  }

  /**
   * The replicas and their loads, re-read for placing a new session when older than a quarter second: a replica
   * that just started, or a burst of new sessions, must not see a world of one. One read serves a whole burst.
   */
  let viewAt = Number.NEGATIVE_INFINITY;
  let viewing: Promise<void> | undefined;
  async function freshView(): Promise<void> {
    if (now() - viewAt < 250) return;
    viewing ??= leases
      .listReplicas()
      .then((replicas) => {
        observe(replicas);
        // Our own forwards since the last look may not show in their published loads yet: keep the higher count.
        view = replicas.map((r) => ({ ...r, sessions: Math.max(r.sessions, view.find((v) => v.inbox === r.inbox && v.heartbeat === r.heartbeat)?.sessions ?? 0) }));
        viewAt = now();
      })
      .finally(() => (viewing = undefined));
    await viewing;
  }

  async function route(sessionId: string, source: 'shared' | 'inbox'): Promise<Route> {
    let e = owned.get(sessionId);
    if (valid(e)) return local(e);
    if (e) {
      // Being released or fenced: wait for that to finish, then route afresh.
      await ops.run(sessionId, async () => undefined);
      e = owned.get(sessionId);
      if (valid(e)) return local(e);
      if (e) return { kind: 'defer', delaySec: 1 };
    }
    const lease = await leases.read(sessionId);
    if (lease?.leased) {
      // Our own lease still running on the service after we let go, or a lease being written: try again shortly.
      if (!lease.inbox || lease.inbox === inbox.name) return { kind: 'defer', delaySec: 1 };
      // Its owner stopped renewing (killed, or cut off): it will lose the lease; wait for the next owner
      // rather than park the command in an inbox nobody reads.
      const owner = view.find((r) => r.inbox === lease.inbox);
      if (owner && !live(owner)) return { kind: 'defer', delaySec: 1 };
      return { kind: 'forward', queue: transport.queue(lease.inbox) };
    }
    if (stopping) return { kind: 'defer', delaySec: 1 };
    if (source === 'shared') await freshView().catch((err: unknown) => log.warn('reading the replicas failed', { error: errorText(err) }));
    const target = source === 'inbox' ? inbox.name : leastLoaded(loads()) ?? inbox.name;
    if (target !== inbox.name) {
      // Count it against the target until the next scan refreshes the loads, so a burst of new sessions spreads out.
      const r = view.find((v) => v.inbox === target);
      if (r) r.sessions++;
      return { kind: 'forward', queue: transport.queue(target) };
    }
    claiming++;
    const got = await claim(sessionId, 'command', { done: false });
    return got ? local(got) : { kind: 'defer', delaySec: 0 };
  }

  // ---------------------------------------------------------------- replicas --

  async function register(): Promise<void> {
    await inbox.ensure();
    if (!(await leases.acquireReplica(inbox.name, replicaLease, leaseSec))) throw new Error(`replica blob for ${inbox.name} is taken`);
    await describe();
  }

  const describe = (extra: { stopped?: boolean } = {}): Promise<void> =>
    leases.describeReplica(inbox.name, replicaLease, {
      replica: config.replicaId,
      inbox: inbox.name,
      heartbeat: new Date().toISOString(),
      sessions: stopping ? 0 : load(),
      started,
      host,
      pid,
      ...extra,
    });

  /** Publishes our load soon after it changed, so the others' next scan places new sessions well. */
  let loadTimer: NodeJS.Timeout | undefined;
  function loadChanged(): void {
    if (loadTimer || stopping) return;
    loadTimer = unref(
      setTimeout(() => {
        loadTimer = undefined;
        if (!stopping) void describe().catch(() => undefined);
      }, 300),
    );
  }

  async function heartbeat(): Promise<void> {
    try {
      await leases.renewReplica(inbox.name, replicaLease);
      await describe();
    } catch (err) {
      if (!(err instanceof LeaseLostError) || stopping) {
        log.warn('replica heartbeat failed', { error: errorText(err) });
        return;
      }
      // We were unreachable for longer than a lease and another replica cleaned up after us
      // (our inbox may be gone): carry on under a new inbox. Sessions fence on their own leases.
      const old = inbox.name;
      inbox = transport.queue(inboxNameFor(transport.commands.name));
      replicaLease = randomUUID();
      log.warn('replica lease lost; registering again under a new inbox', { old, inbox: inbox.name });
      await register().catch((e: unknown) => log.error('registering again failed', { error: errorText(e) }));
    }
  }

  /** Moves a departed replica's inbox back to the shared queue; deletes it once empty and long quiet. */
  async function sweep(r: ReplicaEntry): Promise<void> {
    const leaseId = randomUUID();
    if (!(await leases.acquireReplica(r.inbox, leaseId, leaseSec))) return;
    let deleted = false;
    try {
      const q = transport.queue(r.inbox);
      let moved = 0;
      try {
        for (let batch = await q.receive(32, 30); batch.length > 0; batch = await q.receive(32, 30)) {
          for (const d of batch) {
            await d.moveTo(transport.commands);
            moved++;
          }
        }
      } catch (err) {
        if (!(err instanceof QueueGoneError) && (err as { statusCode?: number }).statusCode !== 404) throw err;
      }
      if (moved > 0) log.info('moved commands back from a departed replica', { departed: r.replica, inbox: r.inbox, count: moved });
      // Late forwards can still arrive for a little while after a replica went away: keep its inbox that long.
      const left = await q.approximateCount();
      if (!left && quietFor(r) > config.leaseMs + 2 * config.claimIntervalMs) {
        await q.remove();
        await leases.deleteReplica(r.inbox, leaseId);
        deleted = true;
        log.info('departed replica cleaned up', { departed: r.replica, inbox: r.inbox });
      }
    } finally {
      if (!deleted) await leases.releaseReplica(r.inbox, leaseId).catch(() => undefined);
    }
  }

  // -------------------------------------------------------------------- scan --

  /**
   * Set by a scan that saw a wanted session leased by a replica that stopped renewing: its leases are about to
   * expire, so the next looks come every second (not every claim interval) until they have been taken.
   */
  let urgent = false;

  async function scanOnce(): Promise<void> {
    const replicas = await leases.listReplicas();
    observe(replicas);
    view = replicas;
    viewAt = now();
    const wanted = await registry.listWanted();
    const byId = new Map<string, SessionLease>((await leases.list()).map((l) => [l.sessionId, l]));
    const orphans: string[] = [];
    const mine: { id: string; why: 'scan' | 'predecessor' }[] = [];
    const byInbox = new Map(replicas.map((r) => [r.inbox, r]));
    let failing = false;
    for (const id of wanted) {
      if (owned.has(id)) continue;
      const l = byId.get(id);
      if (l?.leased && l.inbox && l.inbox !== inbox.name) {
        // One heartbeat missed (as far as our looks can tell) is enough to look more often; it costs a few lists.
        const holder = byInbox.get(l.inbox);
        if (!holder || !holder.leased || quietFor(holder) > config.renewMs + config.claimIntervalMs + 1000) failing = true;
      }
      if (l?.leased) {
        if (deadPredecessor(l)) {
          await leases.breakLease(id);
          mine.push({ id, why: 'predecessor' });
        }
        continue;
      }
      orphans.push(id);
    }
    const isOrphan = new Set(orphans);
    for (const id of orphanStreak.keys()) if (!isOrphan.has(id)) orphanStreak.delete(id);
    const shares = assign(orphans, loads());
    for (const id of orphans) {
      const streak = (orphanStreak.get(id) ?? 0) + 1;
      orphanStreak.set(id, streak);
      // Its assigned replica did not take it for three scans in a row (busy, or a different view): anyone may.
      if (shares.get(id) === inbox.name || streak >= 3) mine.push({ id, why: 'scan' });
    }
    let claimed = 0;
    const queue = [...mine];
    // A few at a time: hundreds of simultaneous handshakes look like abuse to WhatsApp.
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next && !stopping; next = queue.shift()) {
        const id = next.id;
        const got = await claim(id, next.why).catch((err: unknown) => log.warn('claiming a session failed', { sessionId: id, error: errorText(err) }));
        if (got) claimed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
    if (claimed > 0) {
      log.info('sessions resumed', { count: claimed });
      await describe().catch(() => undefined);
    }
    urgent = failing;
    for (const r of replicas) {
      if (r.inbox === inbox.name || stopping) continue;
      if (!r.leased && quietFor(r) > 2 * config.claimIntervalMs) {
        await sweep(r).catch((err: unknown) => log.warn('cleaning up after a departed replica failed', { departed: r.replica, error: errorText(err) }));
      }
    }
  }

  function scheduleScan(delayMs: number): void {
    if (stopping) return;
    scanTimer = unref(
      setTimeout(() => {
        scanning = scanOnce()
          .catch((err: unknown) => log.warn('session scan failed', { error: errorText(err) }))
          .finally(() => scheduleScan(urgent ? Math.min(1000, config.claimIntervalMs) : config.claimIntervalMs));
      }, delayMs),
    );
  }

  function scheduleHeartbeat(): void {
    heartbeatTimer = unref(
      setTimeout(() => {
        void heartbeat().finally(() => {
          if (!stopping) scheduleHeartbeat();
        });
      }, config.renewMs),
    );
  }

  return {
    get replicaId(): string {
      return config.replicaId;
    },
    /** this replica's own command queue (it changes only if the replica had to register again) */
    get inbox(): CommandQueue {
      return inbox;
    },
    /** registers this replica, then takes its share of the sessions that should be running */
    async start(): Promise<void> {
      await register();
      log.info('replica registered', { inbox: inbox.name, leaseSeconds: leaseSec });
      scheduleHeartbeat();
      scanning = scanOnce().catch((err: unknown) => log.warn('session scan failed', { error: errorText(err) }));
      await scanning;
      scheduleScan(config.claimIntervalMs);
    },
    route,
    /** true while this replica may use the session's socket */
    owns: (sessionId: string): boolean => trusted(owned.get(sessionId)),
    owned: (): string[] => [...owned.values()].filter((e) => e.state === 'owned').map((e) => e.sessionId),
    /** the other live replicas' inboxes as last seen, and their loads */
    peers: (): Load[] => loads().filter((l) => l.inbox !== inbox.name),
    /** graceful stop: every socket closed and its lease released, the inbox handed back, the replica blob let go */
    async stop(): Promise<void> {
      stopping = true;
      if (scanTimer) clearTimeout(scanTimer);
      if (heartbeatTimer) clearTimeout(heartbeatTimer);
      if (loadTimer) clearTimeout(loadTimer);
      await scanning;
      await Promise.all([...owned.values()].map((e) => ops.run(e.sessionId, () => release(e, 'shutdown'))));
      // Commands forwarded to us that we will not run: back to the shared queue for the new owners.
      let moved = 0;
      try {
        for (let batch = await inbox.receive(32, 30); batch.length > 0; batch = await inbox.receive(32, 30)) {
          for (const d of batch) {
            await d.moveTo(transport.commands);
            moved++;
          }
        }
      } catch (err) {
        log.warn('handing back the inbox failed; another replica will', { error: errorText(err) });
      }
      if (moved > 0) log.info('inbox handed back', { count: moved });
      await describe({ stopped: true }).catch(() => undefined);
      await leases.releaseReplica(inbox.name, replicaLease).catch(() => undefined);
    },
  };
}

export type Ownership = ReturnType<typeof makeOwnership>;
