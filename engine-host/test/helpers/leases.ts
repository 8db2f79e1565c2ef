import { LeaseLostError, type LeaseStore, type OwnerMeta, type ReplicaEntry, type ReplicaMeta, type SessionLease } from '../../src/cluster/lease-store.js';

// Blob leases in memory with Azure's rules (one lease id at a time; a lease
// not renewed expires; renewing an expired lease nobody took again works), a
// lease length of our choosing (Azure's minimum of 15 s is too slow for unit
// tests), and a switch that makes every call fail as if storage were unreachable.

type Blob = { leaseId?: string; expires: number; meta: Record<string, string> };

export function makeMemoryLeaseStore(opts: { leaseMs: number }) {
  const blobs = new Map<string, Blob>();
  let down = false;
  const calls: string[] = [];

  const held = (b: Blob | undefined): boolean => Boolean(b?.leaseId) && (b?.expires ?? 0) > Date.now();
  const check = (op: string): void => {
    calls.push(op);
    if (down) throw Object.assign(new Error('storage unreachable'), { code: 'ECONNREFUSED' });
  };
  const blob = (name: string): Blob => {
    let b = blobs.get(name);
    if (!b) blobs.set(name, (b = { expires: 0, meta: {} }));
    return b;
  };
  const acquire = (name: string, leaseId: string): boolean => {
    const b = blob(name);
    if (held(b) && b.leaseId !== leaseId) return false;
    b.leaseId = leaseId;
    b.expires = Date.now() + opts.leaseMs;
    return true;
  };
  const renew = (name: string, leaseId: string): void => {
    const b = blobs.get(name);
    // Azure: an expired lease can be renewed as long as nobody else took the blob meanwhile.
    if (!b || b.leaseId !== leaseId) throw new LeaseLostError(`lease on ${name} lost`);
    b.expires = Date.now() + opts.leaseMs;
  };
  const release = (name: string, leaseId: string): void => {
    const b = blobs.get(name);
    if (b && b.leaseId === leaseId) {
      b.leaseId = undefined;
      b.expires = 0;
    }
  };
  const toMeta = (m: object): Record<string, string> =>
    Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== false).map(([k, v]) => [k, v === true ? '1' : String(v)]));
  const session = (id: string, b: Blob): SessionLease => ({
    sessionId: id,
    leased: held(b),
    ...(b.meta['replica'] ? { replica: b.meta['replica'] } : {}),
    ...(b.meta['inbox'] ? { inbox: b.meta['inbox'] } : {}),
    ...(b.meta['since'] ? { since: b.meta['since'] } : {}),
    ...(b.meta['host'] ? { host: b.meta['host'] } : {}),
    ...(b.meta['pid'] ? { pid: Number(b.meta['pid']) } : {}),
  });

  const store: LeaseStore = {
    async ensure() {},
    async acquire(sessionId, leaseId, _sec, meta: OwnerMeta) {
      check('acquire');
      if (!acquire(`s/${sessionId}`, leaseId)) return false;
      blob(`s/${sessionId}`).meta = toMeta(meta);
      return true;
    },
    async renew(sessionId, leaseId) {
      check('renew');
      renew(`s/${sessionId}`, leaseId);
    },
    async release(sessionId, leaseId) {
      check('release');
      release(`s/${sessionId}`, leaseId);
    },
    async breakLease(sessionId) {
      check('break');
      const b = blobs.get(`s/${sessionId}`);
      if (b) {
        b.leaseId = undefined;
        b.expires = 0;
      }
    },
    async read(sessionId) {
      check('read');
      const b = blobs.get(`s/${sessionId}`);
      return b ? session(sessionId, b) : undefined;
    },
    async list() {
      check('list');
      return [...blobs].filter(([k]) => k.startsWith('s/')).map(([k, b]) => session(k.slice(2), b));
    },
    async acquireReplica(inbox, leaseId) {
      check('acquireReplica');
      return acquire(`r/${inbox}`, leaseId);
    },
    async renewReplica(inbox, leaseId) {
      check('renewReplica');
      renew(`r/${inbox}`, leaseId);
    },
    async describeReplica(inbox, leaseId, meta: ReplicaMeta) {
      check('describeReplica');
      const b = blobs.get(`r/${inbox}`);
      if (!b || !held(b) || b.leaseId !== leaseId) throw new LeaseLostError(`replica lease on ${inbox} lost`);
      b.meta = toMeta(meta);
    },
    async releaseReplica(inbox, leaseId) {
      check('releaseReplica');
      release(`r/${inbox}`, leaseId);
    },
    async deleteReplica(inbox) {
      check('deleteReplica');
      blobs.delete(`r/${inbox}`);
    },
    async listReplicas() {
      check('listReplicas');
      return [...blobs]
        .filter(([k]) => k.startsWith('r/'))
        .map(([k, b]): ReplicaEntry => ({
          inbox: k.slice(2),
          leased: held(b),
          replica: b.meta['replica'] ?? k.slice(2),
          heartbeat: b.meta['heartbeat'] ?? new Date(0).toISOString(),
          sessions: Number(b.meta['sessions'] ?? 0),
          started: b.meta['started'] ?? '',
          host: b.meta['host'] ?? '',
          pid: Number(b.meta['pid'] ?? 0),
          ...(b.meta['stopped'] === '1' ? { stopped: true } : {}),
        }));
    },
  };
  return {
    store,
    calls,
    /** storage unreachable (true) or back (false) */
    setDown(value: boolean): void {
      down = value;
    },
    holder: (sessionId: string): string | undefined => {
      const b = blobs.get(`s/${sessionId}`);
      return held(b) ? b?.meta['replica'] : undefined;
    },
    /** plants a lease as another process would have left it */
    plant(sessionId: string, meta: OwnerMeta, leaseId = 'planted'): void {
      acquire(`s/${sessionId}`, leaseId);
      blob(`s/${sessionId}`).meta = toMeta(meta);
    },
  };
}
