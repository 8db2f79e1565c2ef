import { utimes, writeFile } from 'node:fs/promises';
import type { Config } from './config.js';
import { errorText, makeLog, type Log } from './log.js';
import { cancellableDelay } from './util/async.js';
import { makeStorage, ensureTable } from './storage/clients.js';
import { makeQueueTransport } from './bus/transport.js';
import { makeTableSeqStore } from './bus/seq-store.js';
import { makePublisher } from './bus/publisher.js';
import { makeCommandLoop } from './bus/command-loop.js';
import { makeTableAuthStore } from './auth-state/table-auth-state.js';
import { makeReconnectPolicy } from './reconnect-policy.js';
import { makeBaileysDriver } from './drivers/baileys/index.js';
import { makeSimulatorDriver, simConfigFrom } from './drivers/simulator/index.js';
import type { Driver } from './drivers/driver.js';
import { makeTableRegistry } from './sessions/registry.js';
import { makeTableSentStore } from './sessions/sent-store.js';
import { makeSessionManager } from './sessions/manager.js';
import { makeCommandHandler } from './sessions/command-handler.js';
import { makeTableRequestStore } from './sessions/request-store.js';
import { makeBlobMediaStore, type MediaStore } from './media/media-store.js';
import { makeTablePollStore } from './polls/poll-store.js';
import { answerMalformed } from './bus/malformed.js';
import { makeBlobLeaseStore } from './cluster/lease-store.js';
import { makeOwnership, type Ownership } from './cluster/ownership.js';

// Builds the engine-host from its parts. Nothing connects until start(), so
// tests can build as many apps as they like against their own storage.

export type App = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** this replica's view of the sessions it owns (tests, diagnostics) */
  ownership: Ownership;
};

export function makeDriver(config: Config, media: MediaStore): Driver {
  return config.engine === 'simulator' ? makeSimulatorDriver(simConfigFrom(config.sim), { media }) : makeBaileysDriver(config.baileys);
}

/** Touches a file after each successful poll so a container HEALTHCHECK can see the loop is alive. */
function makeHeartbeat(file: string | undefined): () => void {
  let last = 0;
  return () => {
    if (!file || Date.now() - last < 5000) return;
    last = Date.now();
    const now = new Date();
    void utimes(file, now, now).catch(() => writeFile(file, '').catch(() => undefined));
  };
}

export function buildApp(config: Config, opts: { log?: Log; healthFile?: string; driver?: Driver | ((media: MediaStore) => Driver) } = {}): App {
  const log = opts.log ?? makeLog(config.logLevel);
  const storage = makeStorage(config.storage);
  const tables = {
    auth: storage.table(config.tables.auth),
    sent: storage.table(config.tables.sent),
    sessions: storage.table(config.tables.sessions),
    seq: storage.table(config.tables.seq),
    polls: storage.table(config.tables.polls),
    requests: storage.table(config.tables.requests),
  };
  const media = makeBlobMediaStore(storage.container(config.media.container), { maxBytes: config.media.maxBytes });
  const polls = makeTablePollStore(tables.polls);
  const transport = makeQueueTransport({
    commands: storage.queue(config.queues.commands),
    events: storage.queue(config.queues.events),
    poison: storage.queue(config.queues.poison),
    queue: (name) => storage.queue(name),
  });
  const seq = makeTableSeqStore(tables.seq);
  const publisher = makePublisher({ transport, seq, log });
  const driver = typeof opts.driver === 'function' ? opts.driver(media) : opts.driver ?? makeDriver(config, media);
  const registry = makeTableRegistry(tables.sessions);
  // Lease calls fail fast: a renewal that hangs must not outlive the lease it renews (the fence timer
  // does not wait for it either).
  const leaseContainer = storage.container(config.cluster.container, {
    retryOptions: { maxTries: 2, tryTimeoutInMs: Math.max(2000, config.cluster.renewMs / 2), retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
  });
  const leases = makeBlobLeaseStore(leaseContainer);
  let ownership: Ownership | undefined;
  const owns = (sessionId: string): boolean => ownership?.owns(sessionId) ?? false;
  const manager = makeSessionManager({
    driver,
    auth: makeTableAuthStore(tables.auth),
    events: publisher,
    policy: makeReconnectPolicy(config.reconnect),
    registry,
    log,
    media,
    polls,
    mediaDownloadTimeoutMs: config.media.downloadTimeoutMs,
    owns,
  });
  ownership = makeOwnership({
    config: config.cluster,
    leases,
    registry,
    transport,
    log,
    forget: (sessionId) => seq.forget?.(sessionId),
    sessions: {
      resume: async (sessionId) => manager.ensure(sessionId).start(),
      close: async (sessionId, kind) => {
        const s = manager.get(sessionId);
        if (s) await s.stop(kind === 'fenced' ? 'fenced' : 'shutdown');
        manager.forget(sessionId);
      },
      active: (sessionId) => manager.get(sessionId)?.active ?? false,
    },
  });
  const cluster = ownership;
  const handle = makeCommandHandler({
    manager,
    sent: makeTableSentStore(tables.sent),
    requests: makeTableRequestStore(tables.requests),
    media,
    polls,
    events: publisher,
    driver,
    log,
    sendReadyWaitMs: config.sendReadyWaitMs,
    maxTypingMs: config.maxTypingMs,
    owns,
  });
  const loop = makeCommandLoop({
    sources: { shared: transport.commands, inbox: () => cluster.inbox },
    router: cluster,
    handle,
    config: config.poll,
    log,
    onPoll: makeHeartbeat(opts.healthFile),
    onMalformed: async (envelope, reason) => void (await answerMalformed(publisher, envelope, reason)),
  });

  return {
    async start() {
      // Storage may still be starting (run.sh launches Azurite alongside us): retry for a while.
      for (let attempt = 1; ; attempt++) {
        try {
          await Promise.all(Object.values(tables).map(ensureTable));
          await transport.ensure();
          await media.ensure();
          await leases.ensure();
          break;
        } catch (err) {
          if (attempt >= 30) throw err;
          log.warn('storage not reachable yet, retrying', { attempt, error: errorText(err) });
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      log.info('engine-host starting', {
        engine: config.engine,
        commands: config.queues.commands,
        events: config.queues.events,
        replica: config.cluster.replicaId,
      });
      // Registers this replica and takes its share of the sessions that should run (resumed without a QR).
      await cluster.start();
      loop.start();
      log.info('engine-host ready', { replica: config.cluster.replicaId });
    },
    async stop() {
      await loop.stop();
      // Commands already taken finish on open sockets, for a bounded time; what is still running after
      // that is cut short and handed back unanswered (HandoverError) when its session is closed below.
      const drained = cancellableDelay(config.cluster.drainMs);
      await Promise.race([loop.drain(), drained.promise]);
      drained.cancel();
      // Sockets closed without logging out, then the leases released: other replicas take the sessions at once.
      await cluster.stop();
      await loop.drain();
      await driver.close();
      await publisher.flush();
      publisher.close();
      log.info('engine-host stopped');
    },
    ownership: cluster,
  };
}
