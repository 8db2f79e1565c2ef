import type { ContainerClient } from '@azure/storage-blob';
import { statusOf } from '../storage/clients.js';
import { fromUrlSafe, urlSafe } from '../media/blob-names.js';

// Blob leases in one container (default `engine-leases`):
//
//   sessions/<url-safe session id>  one per session; whoever holds its lease owns the session.
//       metadata: replica (id), inbox (the owner's command queue), since (ISO, when this
//       ownership began), host, pid
//   replicas/<inbox queue name>     one per running engine-host process; its lease is held
//       while the process lives. metadata: replica, inbox, heartbeat (ISO, refreshed every
//       renewal), sessions (how many it owns), started (ISO), host, pid, stopped ("1" after a
//       graceful stop)
//
// A lease is an Azure Storage primitive: only one lease id holds a blob at a time, and a
// lease that is not renewed expires after its duration on the storage service's clock.
// The functions side reads `sessions/…` (properties: lease state + metadata) to show which
// replica runs a session.

/** The lease is gone for good (expired and taken, broken, or the blob deleted): stop using it. */
export class LeaseLostError extends Error {}

export type OwnerMeta = { replica: string; inbox: string; since: string; host: string; pid: number };

export type SessionLease = Partial<OwnerMeta> & { sessionId: string; leased: boolean };

export type ReplicaMeta = {
  replica: string;
  inbox: string;
  heartbeat: string;
  sessions: number;
  started: string;
  host: string;
  pid: number;
  stopped?: boolean;
};

export type ReplicaEntry = ReplicaMeta & { leased: boolean };

export type LeaseStore = {
  ensure(): Promise<void>;
  /** takes the session's lease under `leaseId` and writes the owner metadata; false when someone holds it */
  acquire(sessionId: string, leaseId: string, durationSec: number, meta: OwnerMeta): Promise<boolean>;
  /** LeaseLostError when the lease is no longer ours; other errors are transient */
  renew(sessionId: string, leaseId: string): Promise<void>;
  release(sessionId: string, leaseId: string): Promise<void>;
  /** ends someone else's lease at once (only for a holder known to be dead) */
  breakLease(sessionId: string): Promise<void>;
  read(sessionId: string): Promise<SessionLease | undefined>;
  list(): Promise<SessionLease[]>;

  acquireReplica(inbox: string, leaseId: string, durationSec: number): Promise<boolean>;
  renewReplica(inbox: string, leaseId: string): Promise<void>;
  /** heartbeat: writes the replica's metadata (needs the lease) */
  describeReplica(inbox: string, leaseId: string, meta: ReplicaMeta): Promise<void>;
  releaseReplica(inbox: string, leaseId: string): Promise<void>;
  deleteReplica(inbox: string, leaseId: string): Promise<void>;
  listReplicas(): Promise<ReplicaEntry[]>;
};

export const sessionBlobName = (sessionId: string): string => `sessions/${urlSafe(sessionId)}`;
const replicaBlobName = (inbox: string): string => `replicas/${inbox}`;

/** Lease errors that mean "not yours any more" rather than "try again". */
function lost(err: unknown): boolean {
  const status = statusOf(err);
  return status === 404 || status === 409 || status === 412;
}

const str = (m: Record<string, string> | undefined, k: string): string | undefined => m?.[k] || undefined;

function ownerOf(sessionId: string, leased: boolean, m: Record<string, string> | undefined): SessionLease {
  const pid = Number(m?.['pid']);
  const out: SessionLease = { sessionId, leased };
  const replica = str(m, 'replica');
  const inbox = str(m, 'inbox');
  const since = str(m, 'since');
  const host = str(m, 'host');
  if (replica) out.replica = replica;
  if (inbox) out.inbox = inbox;
  if (since) out.since = since;
  if (host) out.host = host;
  if (Number.isInteger(pid) && pid > 0) out.pid = pid;
  return out;
}

function replicaOf(inbox: string, leased: boolean, m: Record<string, string> | undefined, lastModified: Date | undefined): ReplicaEntry {
  // A replica that died between taking its blob and describing it has no metadata: its blob's age stands in.
  return {
    leased,
    inbox,
    replica: str(m, 'replica') ?? inbox,
    heartbeat: str(m, 'heartbeat') ?? (lastModified ?? new Date(0)).toISOString(),
    sessions: Number(m?.['sessions'] ?? 0) || 0,
    started: str(m, 'started') ?? '',
    host: str(m, 'host') ?? '',
    pid: Number(m?.['pid'] ?? 0) || 0,
    ...(m?.['stopped'] === '1' ? { stopped: true } : {}),
  };
}

const metaOf = (meta: object): Record<string, string> =>
  Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined && v !== false).map(([k, v]) => [k, v === true ? '1' : String(v)]));

export function makeBlobLeaseStore(container: ContainerClient): LeaseStore {
  async function acquireBlob(name: string, leaseId: string, durationSec: number): Promise<boolean> {
    const blob = container.getBlockBlobClient(name);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // A proposed lease id makes a retried acquire idempotent: taking a lease we already hold succeeds.
        await blob.getBlobLeaseClient(leaseId).acquireLease(durationSec);
        return true;
      } catch (err) {
        const status = statusOf(err);
        if (status === 409) return false; // someone holds it
        if (status !== 404) throw err;
      }
      try {
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
      } catch (err) {
        // Someone else created it meanwhile (409 BlobAlreadyExists, or 412): fine, acquire again.
        if (statusOf(err) !== 409 && statusOf(err) !== 412) throw err;
      }
    }
    return false;
  }

  async function renewBlob(name: string, leaseId: string): Promise<void> {
    try {
      await container.getBlobClient(name).getBlobLeaseClient(leaseId).renewLease();
    } catch (err) {
      if (lost(err)) throw new LeaseLostError(`lease on ${name} lost (${statusOf(err)})`);
      throw err;
    }
  }

  async function releaseBlob(name: string, leaseId: string): Promise<void> {
    try {
      await container.getBlobClient(name).getBlobLeaseClient(leaseId).releaseLease();
    } catch (err) {
      if (!lost(err)) throw err; // already not ours: nothing to release
    }
  }

  return {
    async ensure() {
      await container.createIfNotExists();
    },

    async acquire(sessionId, leaseId, durationSec, meta) {
      const name = sessionBlobName(sessionId);
      if (!(await acquireBlob(name, leaseId, durationSec))) return false;
      try {
        await container.getBlobClient(name).setMetadata(metaOf(meta), { conditions: { leaseId } });
      } catch (err) {
        await releaseBlob(name, leaseId).catch(() => undefined);
        throw err;
      }
      return true;
    },
    renew: (sessionId, leaseId) => renewBlob(sessionBlobName(sessionId), leaseId),
    release: (sessionId, leaseId) => releaseBlob(sessionBlobName(sessionId), leaseId),
    async breakLease(sessionId) {
      try {
        await container.getBlobClient(sessionBlobName(sessionId)).getBlobLeaseClient().breakLease(0);
      } catch (err) {
        if (!lost(err)) throw err;
      }
    },
    async read(sessionId) {
      try {
        const p = await container.getBlobClient(sessionBlobName(sessionId)).getProperties();
        return ownerOf(sessionId, p.leaseState === 'leased', p.metadata);
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async list() {
      const out: SessionLease[] = [];
      for await (const b of container.listBlobsFlat({ prefix: 'sessions/', includeMetadata: true })) {
        out.push(ownerOf(fromUrlSafe(b.name.slice('sessions/'.length)), b.properties.leaseState === 'leased', b.metadata));
      }
      return out;
    },

    acquireReplica: (inbox, leaseId, durationSec) => acquireBlob(replicaBlobName(inbox), leaseId, durationSec),
    renewReplica: (inbox, leaseId) => renewBlob(replicaBlobName(inbox), leaseId),
    async describeReplica(inbox, leaseId, meta) {
      try {
        await container.getBlobClient(replicaBlobName(inbox)).setMetadata(metaOf(meta), { conditions: { leaseId } });
      } catch (err) {
        if (lost(err)) throw new LeaseLostError(`replica lease on ${inbox} lost (${statusOf(err)})`);
        throw err;
      }
    },
    releaseReplica: (inbox, leaseId) => releaseBlob(replicaBlobName(inbox), leaseId),
    async deleteReplica(inbox, leaseId) {
      try {
        await container.getBlobClient(replicaBlobName(inbox)).delete({ conditions: { leaseId } });
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    },
    async listReplicas() {
      const out: ReplicaEntry[] = [];
      for await (const b of container.listBlobsFlat({ prefix: 'replicas/', includeMetadata: true })) {
        out.push(replicaOf(b.name.slice('replicas/'.length), b.properties.leaseState === 'leased', b.metadata, b.properties.lastModified));
      }
      return out;
    },
  };
}
