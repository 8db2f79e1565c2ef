import { BadEnvelopeError, decodeEnvelope, type Envelope } from './envelope.js';
import { parseCommand, type ParsedCommand } from './commands.js';
import { QueueGoneError, type CommandQueue, type Delivery } from './transport.js';
import { HandoverError } from '../cluster/handover.js';
import type { Route } from '../cluster/ownership.js';
import { errorText, type Log } from '../log.js';
import { cancellableDelay, makeInflight, makeKeyedSerializer } from '../util/async.js';

// Polls the command queues with the Functions host's queue semantics: a message
// is deleted only after its handler finished (at-least-once); a failed one
// becomes visible again after a backoff; after maxDequeueCount tries, or at
// once if it can never parse, it moves to `<queue>-poison`. Commands for one
// session run in arrival order; different sessions run concurrently.
//
// Two sources: the shared queue the functions side writes to, and this
// replica's own inbox. Each command is routed first (cluster/ownership.ts):
// run here when this replica owns the session, else forwarded to the owner's
// inbox. A command whose session is handed over while it runs is put back on
// the shared queue unanswered, for the new owner.

export type CommandLoopConfig = {
  minMs: number;
  maxMs: number;
  batchSize: number;
  visibilityTimeoutSec: number;
  maxDequeueCount: number;
};

export type SourceName = 'shared' | 'inbox';

export type Router = { route(sessionId: string, source: SourceName): Promise<Route> };

const everythingLocal: Router = { route: async () => ({ kind: 'local', done: async () => undefined }) };

export function makeCommandLoop(deps: {
  /** the shared command queue (also where handed-back commands go) and, optionally, this replica's inbox */
  sources: { shared: CommandQueue; inbox?: () => CommandQueue };
  router?: Router;
  handle: (cmd: ParsedCommand) => Promise<void>;
  config: CommandLoopConfig;
  log: Log;
  /** called after every successful receive (liveness heartbeat) */
  onPoll?: () => void;
  /** a decodable command failed validation: answer its caller before it is dead-lettered */
  onMalformed?: (envelope: Envelope, reason: string) => Promise<void>;
}) {
  const { handle, config, log } = deps;
  const shared = deps.sources.shared;
  const router = deps.router ?? everythingLocal;
  const perSession = makeKeyedSerializer();
  const inflight = makeInflight();
  const maxInflight = config.batchSize * 4;
  const waits = new Set<{ cancel(): void }>();
  let stopping = false;
  let loops: Promise<void>[] | undefined;

  /** forwards to another replica's inbox; one that was cleaned up meanwhile sends it round again */
  async function forward(delivery: Delivery, queue: CommandQueue): Promise<void> {
    try {
      await delivery.moveTo(queue);
    } catch (err) {
      if (!(err instanceof QueueGoneError)) throw err;
      await delivery.moveTo(shared, 1);
    }
  }

  async function process(delivery: Delivery, source: SourceName): Promise<void> {
    let parsed: ParsedCommand;
    let decoded: Envelope | undefined;
    try {
      if (delivery.dequeueCount > config.maxDequeueCount) throw new BadEnvelopeError(`dequeued ${delivery.dequeueCount} times`);
      decoded = decodeEnvelope(delivery.text);
      parsed = { envelope: decoded, command: parseCommand(decoded.type, decoded.data as Record<string, unknown>) };
    } catch (err) {
      const reason = errorText(err);
      log.warn('command dead-lettered', { reason, type: decoded?.type, sessionId: decoded?.sessionId });
      if (decoded && deps.onMalformed) await deps.onMalformed(decoded, reason).catch((e: unknown) => log.warn('answering a malformed command failed', { error: errorText(e) }));
      await delivery.deadLetter();
      return;
    }
    const { envelope } = parsed;
    await perSession.run(envelope.sessionId, async () => {
      const fields = { type: envelope.type, sessionId: envelope.sessionId, id: envelope.id, dequeueCount: delivery.dequeueCount };
      const failed = async (err: unknown): Promise<void> => {
        if (err instanceof BadEnvelopeError || delivery.dequeueCount >= config.maxDequeueCount) {
          log.warn('command dead-lettered', { ...fields, error: errorText(err) });
          await delivery.deadLetter();
        } else {
          log.warn('command failed, will retry', { ...fields, error: errorText(err) });
          await delivery.retryLater(Math.min(60, 2 ** (delivery.dequeueCount - 1)));
        }
      };
      let route: Route;
      try {
        route = await router.route(envelope.sessionId, source);
      } catch (err) {
        return failed(err);
      }
      if (route.kind === 'forward') {
        log.debug('command forwarded', { ...fields, to: route.queue.name });
        return forward(delivery, route.queue);
      }
      if (route.kind === 'defer') return delivery.moveTo(shared, route.delaySec);
      try {
        await handle(parsed);
        await delivery.complete();
      } catch (err) {
        if (err instanceof HandoverError) {
          log.info('command handed over unanswered', fields);
          await delivery.moveTo(shared);
        } else await failed(err);
      } finally {
        await route.done();
      }
    });
  }

  async function run(name: SourceName, queue: () => CommandQueue): Promise<void> {
    let idleMs = 0;
    const pause = async (ms: number): Promise<void> => {
      const wait = cancellableDelay(ms);
      waits.add(wait);
      await wait.promise;
      waits.delete(wait);
    };
    while (!stopping) {
      if (inflight.size >= maxInflight) {
        // Enough commands in hand (a slow session must not make us hoard the queue): wait a bit.
        await pause(20);
        continue;
      }
      let batch: Delivery[] = [];
      try {
        batch = await queue().receive(config.batchSize, config.visibilityTimeoutSec);
        deps.onPoll?.();
      } catch (err) {
        log.warn('receiving commands failed', { queue: name, error: errorText(err) });
      }
      for (const d of batch) {
        inflight.track(process(d, name).catch((err: unknown) => log.error('command bookkeeping failed', { error: errorText(err) })));
      }
      if (batch.length > 0) {
        idleMs = 0;
        continue;
      }
      // Empty queue: back off polling up to maxMs, so an idle engine costs little.
      idleMs = Math.min(config.maxMs, Math.max(config.minMs, idleMs * 2));
      await pause(idleMs);
    }
  }

  return {
    start(): void {
      if (loops) return;
      loops = [run('shared', () => shared)];
      if (deps.sources.inbox) loops.push(run('inbox', deps.sources.inbox));
    },
    /** stops polling; commands already taken keep running (see drain) */
    async stop(): Promise<void> {
      stopping = true;
      for (const w of waits) w.cancel();
      await Promise.all(loops ?? []);
    },
    /** waits for commands already taken to finish; unfinished ones reappear on the queue later */
    drain: (): Promise<void> => inflight.drain(),
  };
}
