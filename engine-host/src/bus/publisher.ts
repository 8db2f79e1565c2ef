import { encodeEnvelope, makeEnvelope } from './envelope.js';
import type { EventMap, EventSink, EventType } from './events.js';
import type { SeqStore } from './seq-store.js';
import type { BusTransport } from './transport.js';
import { errorText, type Log } from '../log.js';
import { cancellableDelay, makeInflight } from '../util/async.js';

// Stamps each event with the session's next seq and sends it. Sends run
// concurrently: the queue does not keep order anyway, seq does.

export type Publisher = EventSink & {
  /** waits for every event accepted so far to reach the queue (or give up) */
  flush(): Promise<void>;
  close(): void;
};

export function makePublisher(deps: { transport: BusTransport; seq: SeqStore; log: Log; maxAttempts?: number }): Publisher {
  const { transport, seq, log } = deps;
  const maxAttempts = deps.maxAttempts ?? 12;
  const inflight = makeInflight();
  const waits = new Set<{ cancel(): void }>();
  let closed = false;

  async function sendWithRetry(text: string, type: string, sessionId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await transport.sendEvent(text);
        return;
      } catch (err) {
        if (closed || attempt >= maxAttempts) throw err;
        log.warn('event send failed, retrying', { type, sessionId, attempt, error: errorText(err) });
        const wait = cancellableDelay(Math.min(5000, 100 * 2 ** attempt));
        waits.add(wait);
        await wait.promise;
        waits.delete(wait);
      }
    }
  }

  return {
    publish<T extends EventType>(sessionId: string, type: T, data: EventMap[T]): Promise<void> {
      const work = (async () => {
        const n = await seq.next(sessionId);
        await sendWithRetry(encodeEnvelope(makeEnvelope(type, sessionId, data, n)), type, sessionId);
        log.debug('event', { type, sessionId, seq: n });
      })();
      return inflight.track(work);
    },
    flush: () => inflight.drain(),
    close() {
      closed = true;
      for (const w of waits) w.cancel();
    },
  };
}
