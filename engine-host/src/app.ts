import { utimes, writeFile } from 'node:fs/promises';
import type { Config } from './config.js';
import { errorText, makeLog, type Log } from './log.js';
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

// Builds the engine-host from its parts. Nothing connects until start(), so
// tests can build as many apps as they like against their own storage.

export type App = { start(): Promise<void>; stop(): Promise<void> };

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
  });
  const publisher = makePublisher({ transport, seq: makeTableSeqStore(tables.seq), log });
  const driver = typeof opts.driver === 'function' ? opts.driver(media) : opts.driver ?? makeDriver(config, media);
  const manager = makeSessionManager({
    driver,
    auth: makeTableAuthStore(tables.auth),
    events: publisher,
    policy: makeReconnectPolicy(config.reconnect),
    registry: makeTableRegistry(tables.sessions),
    log,
    media,
    polls,
    mediaDownloadTimeoutMs: config.media.downloadTimeoutMs,
  });
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
  });
  const loop = makeCommandLoop({
    transport,
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
          break;
        } catch (err) {
          if (attempt >= 30) throw err;
          log.warn('storage not reachable yet, retrying', { attempt, error: errorText(err) });
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      log.info('engine-host starting', { engine: config.engine, commands: config.queues.commands, events: config.queues.events });
      await manager.resumeAll();
      loop.start();
      log.info('engine-host ready');
    },
    async stop() {
      await loop.stop();
      // Close sockets without logging out: the sessions resume on the next start.
      await manager.closeAll();
      await loop.drain();
      await driver.close();
      await publisher.flush();
      publisher.close();
      log.info('engine-host stopped');
    },
  };
}
