import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLogLevel, type LogLevel } from './log.js';

// Settings come from the environment first, then from the repository's
// local.settings.json ("Values", the Azure Functions format) so one file
// configures both processes on a laptop.

export type EngineKind = 'baileys' | 'simulator';

export type StorageConfig =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; queueServiceUrl: string; tableServiceUrl: string; blobServiceUrl: string; clientId?: string };

export type Config = {
  storage: StorageConfig;
  engine: EngineKind;
  queues: { commands: string; events: string; poison: string };
  tables: { auth: string; sent: string; sessions: string; seq: string; polls: string; requests: string };
  /** media files in Blob storage: outbound ones the functions side uploaded, inbound ones we downloaded */
  media: { container: string; maxBytes: number; downloadTimeoutMs: number };
  poll: { minMs: number; maxMs: number; batchSize: number; visibilityTimeoutSec: number; maxDequeueCount: number };
  reconnect: { baseMs: number; maxMs: number };
  /** how long a send waits for a reconnecting session before failing as retryable */
  sendReadyWaitMs: number;
  /** upper bound for options.typingMs so a command cannot outlive its queue visibility */
  maxTypingMs: number;
  sim: { deliveredMs: number; readMs: number; qrRotateMs: number; notOnWhatsApp: string };
  baileys: { waWebSocketUrl?: string; connectTimeoutMs: number; logLevel: LogLevel; version?: [number, number, number] };
  /** scale-out: which replica this process is, and the blob leases that give it sessions */
  cluster: ClusterConfig;
  logLevel: LogLevel;
};

export type ClusterConfig = {
  /** this replica's name in logs and in the lease blobs (WA_ENGINE_REPLICA_ID, else hostname + random suffix) */
  replicaId: string;
  /** true when WA_ENGINE_REPLICA_ID was given: the operator promises one live process per id */
  replicaIdFixed: boolean;
  /** blob container of the session and replica lease blobs */
  container: string;
  /** blob lease duration, 15-60 s */
  leaseMs: number;
  /** a replica closes a session's socket this long before its lease could expire (fencing margin) */
  marginMs: number;
  /** how often leases are renewed: a third of the lease */
  renewMs: number;
  /** how often a replica looks for unowned sessions and for replicas that went away */
  claimIntervalMs: number;
  /** graceful shutdown: how long in-flight commands may run before their sessions are handed over anyway */
  drainMs: number;
};

export class ConfigError extends Error {}

type Source = Record<string, string | undefined>;

const engineHostDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Values of a Functions-style settings file, or {} when there is none. */
export function readSettingsFile(file: string): Source {
  if (!existsSync(file)) return {};
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const values = (parsed as { Values?: unknown } | null)?.Values;
  if (!values || typeof values !== 'object') return {};
  const out: Source = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string') out[k] = v;
  return out;
}

function int(src: Source, name: string, fallback: number): number {
  const raw = src[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ConfigError(`Setting ${name} must be a number, got "${raw}"`);
  return Math.trunc(n);
}

function queueName(src: Source, name: string, fallback: string): string {
  const value = src[name] || fallback;
  if (!/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(value)) {
    throw new ConfigError(`Setting ${name} is not a valid queue name: "${value}"`);
  }
  return value;
}

function containerName(src: Source, name: string, fallback: string): string {
  const value = src[name] || fallback;
  if (!/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(value)) {
    throw new ConfigError(`Setting ${name} is not a valid blob container name: "${value}"`);
  }
  return value;
}

function storageFrom(src: Source): StorageConfig {
  const cs = src['AzureWebJobsStorage'];
  if (cs) return { kind: 'connectionString', connectionString: cs };
  // Identity-based connection, as the Functions host names it (managed identity in Azure).
  const account = src['AzureWebJobsStorage__accountName'];
  const queueUri = src['AzureWebJobsStorage__queueServiceUri'] ?? (account && `https://${account}.queue.core.windows.net`);
  const tableUri = src['AzureWebJobsStorage__tableServiceUri'] ?? (account && `https://${account}.table.core.windows.net`);
  const blobUri = src['AzureWebJobsStorage__blobServiceUri'] ?? (account && `https://${account}.blob.core.windows.net`);
  if (queueUri && tableUri && blobUri) {
    const clientId = src['AzureWebJobsStorage__clientId'];
    return { kind: 'identity', queueServiceUrl: queueUri, tableServiceUrl: tableUri, blobServiceUrl: blobUri, ...(clientId ? { clientId } : {}) };
  }
  throw new ConfigError(
    'Missing setting AzureWebJobsStorage (a storage connection string, e.g. UseDevelopmentStorage=true) ' +
      'or AzureWebJobsStorage__accountName for a managed identity',
  );
}

function parseVersion(raw: string | undefined): [number, number, number] | undefined {
  if (!raw) return undefined;
  const parts = raw.split(/[.,]/).map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) {
    throw new ConfigError(`Setting WA_BAILEYS_VERSION must look like 2.3000.1023456789, got "${raw}"`);
  }
  return parts as [number, number, number];
}

function level(src: Source, name: string, fallback: LogLevel): LogLevel {
  const raw = src[name];
  if (!raw) return fallback;
  if (!isLogLevel(raw)) throw new ConfigError(`Setting ${name} must be debug|info|warn|error|silent, got "${raw}"`);
  return raw;
}

function replicaId(src: Source): { replicaId: string; replicaIdFixed: boolean } {
  const given = src['WA_ENGINE_REPLICA_ID'];
  if (given) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(given)) {
      throw new ConfigError(`Setting WA_ENGINE_REPLICA_ID must be 1-63 letters, digits, '.', '_' or '-', got "${given}"`);
    }
    return { replicaId: given, replicaIdFixed: true };
  }
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 50) || 'engine';
  return { replicaId: `${host}-${randomBytes(3).toString('hex')}`, replicaIdFixed: false };
}

function clusterFrom(src: Source): ClusterConfig {
  const leaseSec = int(src, 'WA_ENGINE_LEASE_SECONDS', 30);
  if (leaseSec < 15 || leaseSec > 60) throw new ConfigError(`Setting WA_ENGINE_LEASE_SECONDS must be 15-60 (Azure blob lease limits), got ${leaseSec}`);
  const leaseMs = leaseSec * 1000;
  const marginMs = int(src, 'WA_ENGINE_LEASE_MARGIN_MS', 5000);
  if (marginMs < 500 || marginMs > leaseMs / 3) {
    throw new ConfigError(`Setting WA_ENGINE_LEASE_MARGIN_MS must be 500 to a third of the lease (${leaseMs / 3}), got ${marginMs}`);
  }
  const claimIntervalMs = int(src, 'WA_ENGINE_CLAIM_INTERVAL_MS', 5000);
  if (claimIntervalMs < 100 || claimIntervalMs > 60_000) throw new ConfigError(`Setting WA_ENGINE_CLAIM_INTERVAL_MS must be 100-60000, got ${claimIntervalMs}`);
  return {
    ...replicaId(src),
    container: containerName(src, 'WA_ENGINE_LEASE_CONTAINER', 'engine-leases'),
    leaseMs,
    marginMs,
    renewMs: Math.floor(leaseMs / 3),
    claimIntervalMs,
    drainMs: Math.max(0, int(src, 'WA_ENGINE_DRAIN_MS', 8000)),
  };
}

/** Builds the configuration from a flat settings source (environment-style names). */
export function configFrom(src: Source): Config {
  const engine = src['WA_ENGINE'] || 'baileys';
  if (engine !== 'baileys' && engine !== 'simulator') {
    throw new ConfigError(`Setting WA_ENGINE must be "baileys" or "simulator", got "${engine}"`);
  }
  const commands = queueName(src, 'WA_ENGINE_COMMANDS_QUEUE', 'engine-commands');
  const prefix = src['WA_ENGINE_TABLE_PREFIX'] ?? '';
  if (prefix && !/^[A-Za-z][A-Za-z0-9]{0,20}$/.test(prefix)) {
    throw new ConfigError(`Setting WA_ENGINE_TABLE_PREFIX must be letters and digits, got "${prefix}"`);
  }
  const waUrl = src['WA_BAILEYS_WS_URL'];
  const version = parseVersion(src['WA_BAILEYS_VERSION']);
  return {
    storage: storageFrom(src),
    engine,
    queues: {
      commands,
      events: queueName(src, 'WA_ENGINE_EVENTS_QUEUE', 'engine-events'),
      poison: `${commands}-poison`,
    },
    tables: {
      auth: `${prefix}engineauth`,
      sent: `${prefix}enginesent`,
      sessions: `${prefix}enginesessions`,
      seq: `${prefix}engineseq`,
      polls: `${prefix}enginepolls`,
      requests: `${prefix}enginerequests`,
    },
    media: {
      container: containerName(src, 'WA_MEDIA_CONTAINER', 'media'),
      maxBytes: Math.max(1, int(src, 'WA_MEDIA_MAX_BYTES', 100 * 1024 * 1024)),
      downloadTimeoutMs: Math.max(1000, int(src, 'WA_MEDIA_DOWNLOAD_TIMEOUT_MS', 120_000)),
    },
    poll: {
      minMs: int(src, 'WA_POLL_MIN_MS', 50),
      maxMs: int(src, 'WA_POLL_MAX_MS', 1000),
      batchSize: Math.min(32, Math.max(1, int(src, 'WA_POLL_BATCH', 16))),
      visibilityTimeoutSec: int(src, 'WA_COMMAND_VISIBILITY_SEC', 60),
      maxDequeueCount: int(src, 'WA_MAX_DEQUEUE_COUNT', 5),
    },
    reconnect: { baseMs: int(src, 'WA_RECONNECT_BASE_MS', 1000), maxMs: int(src, 'WA_RECONNECT_MAX_MS', 60_000) },
    sendReadyWaitMs: int(src, 'WA_SEND_READY_WAIT_MS', 10_000),
    maxTypingMs: int(src, 'WA_MAX_TYPING_MS', 20_000),
    sim: {
      deliveredMs: int(src, 'WA_SIM_DELIVERED_MS', 300),
      readMs: int(src, 'WA_SIM_READ_MS', 1000),
      qrRotateMs: int(src, 'WA_SIM_QR_ROTATE_MS', 20_000),
      notOnWhatsApp: src['WA_SIM_NOT_ON_WHATSAPP'] || '000$',
    },
    baileys: {
      ...(waUrl ? { waWebSocketUrl: waUrl } : {}),
      connectTimeoutMs: int(src, 'WA_BAILEYS_CONNECT_TIMEOUT_MS', 20_000),
      logLevel: level(src, 'WA_BAILEYS_LOG_LEVEL', 'warn'),
      ...(version ? { version } : {}),
    },
    cluster: clusterFrom(src),
    logLevel: level(src, 'WA_LOG_LEVEL', 'info'),
  };
}

/** Process configuration: environment first, then ../local.settings.json (or WA_SETTINGS_FILE). */
export function loadConfig(env: Source = process.env): Config {
  const file = env['WA_SETTINGS_FILE'] || path.resolve(engineHostDir, '../local.settings.json');
  return configFrom({ ...readSettingsFile(file), ...env });
}
