import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assign, leastLoaded } from '../src/cluster/assign.js';
import type { LeaseStore } from '../src/cluster/lease-store.js';
import { makeOwnership, type Ownership, type SessionHost } from '../src/cluster/ownership.js';
import type { ClusterConfig } from '../src/config.js';
import type { CommandQueue, Delivery } from '../src/bus/transport.js';
import { makeMemoryRegistry } from '../src/sessions/registry.js';
import { makeLog } from '../src/log.js';
import { makeMemoryLeaseStore } from './helpers/leases.js';
import { waitUntil } from './helpers/wait.js';

// The ownership rules on in-memory leases with sub-second timings: placement
// by load, fencing before expiry when storage cannot be reached, loss of a
// lease, routing, a dead predecessor, idle release, graceful handover, and a
// replica that lost its own registration.

// Sub-second renewals would fence spuriously on a busy machine; two seconds keeps the tests quick and steady.
const leaseMs = 2000;
const config = (replicaId: string, extra: Partial<ClusterConfig> = {}): ClusterConfig => ({
  replicaId,
  replicaIdFixed: false,
  container: 'unused',
  leaseMs,
  marginMs: 500,
  renewMs: 600,
  claimIntervalMs: 100,
  drainMs: 0,
  ...extra,
});

function memoryQueues() {
  const queues = new Map<string, string[]>();
  const make = (name: string): CommandQueue => ({
    name,
    async ensure() {
      if (!queues.has(name)) queues.set(name, []);
    },
    async receive(max) {
      const q = queues.get(name) ?? [];
      return q.splice(0, max).map(
        (text): Delivery => ({
          text,
          dequeueCount: 1,
          complete: async () => undefined,
          retryLater: async () => void q.push(text),
          deadLetter: async () => undefined,
          moveTo: async (target) => target.send(text),
        }),
      );
    },
    async send(text) {
      queues.get(name)?.push(text);
    },
    async approximateCount() {
      return queues.get(name)?.length;
    },
    async remove() {
      queues.delete(name);
    },
  });
  return { queues, commands: make('commands'), queue: make };
}

/** A store whose calls fail while `down` (this replica cut off from storage; the others are not). */
function cutOff(store: LeaseStore): LeaseStore & { down: boolean } {
  const wrapped = { down: false } as LeaseStore & { down: boolean };
  for (const [k, fn] of Object.entries(store) as [keyof LeaseStore, (...a: unknown[]) => Promise<unknown>][]) {
    (wrapped as unknown as Record<string, unknown>)[k] = async (...args: unknown[]) => {
      if (wrapped.down) {
        // Hangs a while, then fails, like a request into a dropped network.
        await new Promise((r) => setTimeout(r, 300));
        throw Object.assign(new Error('network unreachable'), { code: 'ETIMEDOUT' });
      }
      return fn(...args);
    };
  }
  return wrapped;
}

type Host = SessionHost & { running: Set<string>; closed: { sessionId: string; kind: string; at: number }[]; resumed: string[] };
function fakeHost(): Host {
  const running = new Set<string>();
  const closed: Host['closed'] = [];
  const resumed: string[] = [];
  return {
    running,
    closed,
    resumed,
    async resume(id) {
      resumed.push(id);
      running.add(id);
    },
    async close(id, kind) {
      running.delete(id);
      closed.push({ sessionId: id, kind, at: Date.now() });
    },
    active: (id) => running.has(id),
  };
}

function world() {
  const mem = makeMemoryLeaseStore({ leaseMs });
  const registry = makeMemoryRegistry();
  const queues = memoryQueues();
  const started: Ownership[] = [];
  const replica = (id: string, extra: Partial<ClusterConfig> = {}, opts: { host?: string; pid?: number; isAlive?: (pid: number) => boolean } = {}) => {
    const leases = cutOff(mem.store);
    const host = fakeHost();
    const ownership = makeOwnership({
      config: config(id, extra),
      leases,
      registry,
      sessions: host,
      transport: { commands: queues.commands, queue: queues.queue },
      log: makeLog(process.env['TEST_LOG_LEVEL'] === 'debug' ? 'debug' : 'silent'),
      host: opts.host ?? 'test-host',
      pid: opts.pid ?? 1000 + started.length,
      isAlive: opts.isAlive ?? (() => true),
    });
    started.push(ownership);
    return { ownership, host, leases };
  };
  return { mem, registry, queues, replica, stopAll: () => Promise.all(started.map((o) => o.stop().catch(() => undefined))) };
}

describe('least-loaded assignment', () => {
  it('gives each unowned session to the replica with the fewest, ties to the smaller inbox name', () => {
    const got = assign(['s3', 's1', 's2', 's4'], [{ inbox: 'b', sessions: 0 }, { inbox: 'a', sessions: 1 }, { inbox: 'c', sessions: 3 }]);
    assert.deepEqual(Object.fromEntries(got), { s1: 'b', s2: 'a', s3: 'b', s4: 'a' });
    assert.equal(leastLoaded([{ inbox: 'x', sessions: 2 }, { inbox: 'y', sessions: 2 }]), 'x');
    assert.equal(leastLoaded([]), undefined);
  });
});

describe('ownership on leases', () => {
  it('replicas share the wanted sessions by load, each session owned by exactly one', async () => {
    const w = world();
    const ids = Array.from({ length: 6 }, (_, i) => `s${i}`);
    for (const id of ids) await w.registry.setWanted(id, true);
    const a = w.replica('a');
    const b = w.replica('b');
    await Promise.all([a.ownership.start(), b.ownership.start()]);
    await waitUntil(() => a.ownership.owned().length + b.ownership.owned().length === 6, { what: 'all sessions owned' });
    const both = a.ownership.owned().filter((id) => b.ownership.owned().includes(id));
    assert.deepEqual(both, []);
    assert.ok(a.ownership.owned().length >= 2 && b.ownership.owned().length >= 2, `${a.ownership.owned().length}/${b.ownership.owned().length}`);
    assert.deepEqual([...a.host.resumed, ...b.host.resumed].sort(), ids, 'each resumed once');
    await w.stopAll();
  });

  it('cut off from storage: closes the socket before the lease can expire, and only then can another replica take it', async () => {
    const w = world();
    await w.registry.setWanted('s1', true);
    const a = w.replica('a');
    await a.ownership.start();
    assert.deepEqual(a.ownership.owned(), ['s1']);
    const b = w.replica('b');
    await b.ownership.start();
    a.leases.down = true;
    await waitUntil(() => b.ownership.owned().includes('s1'), { what: 'b to take s1', timeoutMs: 10_000 });
    const takenAt = Date.now();
    const fenced = a.host.closed.find((c) => c.sessionId === 's1');
    assert.equal(fenced?.kind, 'fenced');
    assert.ok(fenced && fenced.at < takenAt, 'closed before the other replica took it');
    assert.equal(a.ownership.owns('s1'), false);
    await w.stopAll();
  });

  it('a lease taken away (broken) is fenced at the next renewal', async () => {
    const w = world();
    await w.registry.setWanted('s1', true);
    const a = w.replica('a');
    await a.ownership.start();
    await w.mem.store.breakLease('s1');
    await waitUntil(() => a.host.closed.some((c) => c.sessionId === 's1' && c.kind === 'fenced'), { what: 'fenced', timeoutMs: 5000 });
    // Still wanted and now free: the next scan takes it again under a new lease (resumed a second time).
    await waitUntil(() => a.host.resumed.length === 2 && a.ownership.owns('s1'), { what: 'taken again', timeoutMs: 5000 });
    await w.stopAll();
  });

  it('routes: owned → here; owned elsewhere → to its inbox; unowned → the least-loaded replica; from the inbox → taken', async () => {
    const w = world();
    const a = w.replica('a');
    const b = w.replica('b');
    await a.ownership.start();
    await b.ownership.start();
    await waitUntil(() => a.ownership.peers().some((p) => p.inbox === b.ownership.inbox.name), { what: 'a to see b' });
    const first = await a.ownership.route('new1', 'shared');
    // a and b both own nothing: the tie goes to the smaller inbox name.
    const aFirst = a.ownership.inbox.name < b.ownership.inbox.name;
    if (aFirst) {
      assert.equal(first.kind, 'local');
      if (first.kind === 'local') await first.done();
    } else {
      assert.equal(first.kind === 'forward' && first.queue.name, b.ownership.inbox.name);
    }
    const fromInbox = await b.ownership.route('new2', 'inbox');
    assert.equal(fromInbox.kind, 'local', 'a command forwarded to b is taken by b');
    w.registry.wanted.add('new2');
    b.host.running.add('new2');
    if (fromInbox.kind === 'local') await fromInbox.done();
    const elsewhere = await a.ownership.route('new2', 'shared');
    assert.equal(elsewhere.kind === 'forward' && elsewhere.queue.name, b.ownership.inbox.name);
    await w.stopAll();
  });

  it('a session that stops running is released; a graceful stop hands every session over at once', async () => {
    const w = world();
    for (const id of ['s1', 's2']) await w.registry.setWanted(id, true);
    const a = w.replica('a');
    await a.ownership.start();
    assert.deepEqual(a.ownership.owned().sort(), ['s1', 's2']);
    // s2 stops (session.stop / logout / failed): no longer wanted, no socket.
    await w.registry.setWanted('s2', false);
    a.host.running.delete('s2');
    await waitUntil(() => !a.ownership.owned().includes('s2') && w.mem.holder('s2') === undefined, { what: 's2 released', timeoutMs: 5000 });

    const b = w.replica('b');
    await b.ownership.start();
    const stoppedAt = Date.now();
    await a.ownership.stop();
    assert.equal(w.mem.holder('s1'), undefined, 'released, not left to expire');
    assert.equal(a.host.closed.find((c) => c.sessionId === 's1')?.kind, 'handover', 'socket closed before the lease was let go');
    await waitUntil(() => b.ownership.owned().includes('s1'), { what: 'b to take s1', timeoutMs: 5000 });
    assert.ok(Date.now() - stoppedAt < leaseMs, 'taken over well before the lease would have expired');
    await w.stopAll();
  });

  it('a restarted replica with the same id takes its dead predecessor\'s leases at once, never a live one\'s', async () => {
    const w = world();
    for (const id of ['s1', 's2']) await w.registry.setWanted(id, true);
    const meta = { replica: 'r1', inbox: 'commands-in-old', since: new Date().toISOString(), host: 'test-host' };
    w.mem.plant('s1', { ...meta, pid: 4242 }); // died
    w.mem.plant('s2', { ...meta, pid: 4343 }); // still alive (e.g. still shutting down)
    const r = w.replica('r1', { replicaIdFixed: true }, { pid: 5000, isAlive: (pid) => pid === 4343 });
    await r.ownership.start();
    assert.deepEqual(r.ownership.owned(), ['s1']);
    assert.equal(w.mem.holder('s2'), 'r1', 's2 still held by the live process');
    await w.stopAll();
  });

  it('a replica whose own registration was cleaned up while it was unreachable registers again under a new inbox', async () => {
    const w = world();
    const a = w.replica('a');
    await a.ownership.start();
    const old = a.ownership.inbox.name;
    // Another replica swept it: its blob is gone.
    await w.mem.store.deleteReplica(old, 'x');
    await waitUntil(() => a.ownership.inbox.name !== old, { what: 'a new inbox', timeoutMs: 5000 });
    const names = (await w.mem.store.listReplicas()).map((r) => r.inbox);
    assert.ok(names.includes(a.ownership.inbox.name));
    await w.stopAll();
  });
});
