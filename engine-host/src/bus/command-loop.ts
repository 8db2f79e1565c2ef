import { BadEnvelopeError, decodeEnvelope, type Envelope } from './envelope.js';
import { parseCommand, type ParsedCommand } from './commands.js';
import type { BusTransport, Delivery } from './transport.js';
import { errorText, type Log } from '../log.js';
import { cancellableDelay, makeInflight, makeKeyedSerializer } from '../util/async.js';

// Polls engine-commands with the Functions host's queue semantics: a message
// is deleted only after its handler finished (at-least-once); a failed one
// becomes visible again after a backoff; after maxDequeueCount tries, or at
// once if it can never parse, it moves to `<queue>-poison`. Commands for one
// session run in arrival order; different sessions run concurrently.

export type CommandLoopConfig = {
  minMs: number;
  maxMs: number;
  batchSize: number;
  visibilityTimeoutSec: number;
  maxDequeueCount: number;
};

export function makeCommandLoop(deps: {
  transport: BusTransport;
  handle: (cmd: ParsedCommand) => Promise<void>;
  config: CommandLoopConfig;
  log: Log;
  /** called after every successful receive (liveness heartbeat) */
  onPoll?: () => void;
  /** a decodable command failed validation: answer its caller before it is dead-lettered */
  onMalformed?: (envelope: Envelope, reason: string) => Promise<void>;
}) {
  const { transport, handle, config, log } = deps;
  const perSession = makeKeyedSerializer();
  const inflight = makeInflight();
  const maxInflight = config.batchSize * 4;
  let stopping = false;
  let idleWait: ReturnType<typeof cancellableDelay> | undefined;
  let loop: Promise<void> | undefined;

  async function process(delivery: Delivery): Promise<void> {
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
      try {
        await handle(parsed);
        await delivery.complete();
      } catch (err) {
        const fields = { type: envelope.type, sessionId: envelope.sessionId, id: envelope.id, dequeueCount: delivery.dequeueCount, error: errorText(err) };
        if (err instanceof BadEnvelopeError || delivery.dequeueCount >= config.maxDequeueCount) {
          log.warn('command dead-lettered', fields);
          await delivery.deadLetter();
        } else {
          log.warn('command failed, will retry', fields);
          await delivery.retryLater(Math.min(60, 2 ** (delivery.dequeueCount - 1)));
        }
      }
    });
  }

  async function run(): Promise<void> {
    let idleMs = 0;
    while (!stopping) {
      if (inflight.size >= maxInflight) {
        // Enough commands in hand (a slow session must not make us hoard the queue): wait a bit.
        const pause = cancellableDelay(20);
        idleWait = pause;
        await pause.promise;
        continue;
      }
      let batch: Delivery[] = [];
      try {
        batch = await transport.receiveCommands(config.batchSize, config.visibilityTimeoutSec);
        deps.onPoll?.();
      } catch (err) {
        log.warn('receiving commands failed', { error: errorText(err) });
      }
      for (const d of batch) {
        inflight.track(process(d).catch((err: unknown) => log.error('command bookkeeping failed', { error: errorText(err) })));
      }
      if (batch.length > 0) {
        idleMs = 0;
        continue;
      }
      // Empty queue: back off polling up to maxMs, so an idle engine costs little.
      idleMs = Math.min(config.maxMs, Math.max(config.minMs, idleMs * 2));
      idleWait = cancellableDelay(idleMs);
      await idleWait.promise;
      idleWait = undefined;
    }
  }

  return {
    start(): void {
      if (!loop) loop = run();
    },
    /** stops polling; commands already taken keep running (see drain) */
    async stop(): Promise<void> {
      stopping = true;
      idleWait?.cancel();
      await loop;
    },
    /** waits for commands already taken to finish; unfinished ones reappear on the queue later */
    drain: (): Promise<void> => inflight.drain(),
  };
}
