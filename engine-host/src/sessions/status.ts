import type { EventSink, Me, SessionStatus } from '../bus/events.js';
import type { Log } from '../log.js';

// A session's reported status: publishes session.status on each transition
// and lets senders wait for `ready` (through reconnects, not past a stop).

export function makeStatusReporter(deps: { sessionId: string; events: EventSink; log: Log; running: () => boolean; me: () => Me | undefined }) {
  const { sessionId, events, log } = deps;
  let status: SessionStatus | undefined;
  let reason: string | undefined;
  const waiters = new Set<(ok: boolean) => void>();

  const settleWaiters = (ok: boolean): void => {
    for (const w of waiters) w(ok);
    waiters.clear();
  };

  return {
    get current(): SessionStatus | undefined {
      return status;
    },
    reset(): void {
      status = undefined;
      reason = undefined;
    },
    async set(next: SessionStatus, extra: { reason?: string; code?: number } = {}): Promise<void> {
      // Repeats carry no news (a retry loop would otherwise report the same drop every attempt).
      if (next === status && extra.reason === reason && next !== 'ready') return;
      status = next;
      reason = extra.reason;
      log.info('session status', { status: next, reason: extra.reason, code: extra.code });
      const me = next === 'ready' ? deps.me() : undefined;
      if (next === 'ready' || !deps.running()) settleWaiters(next === 'ready');
      await events.publish(sessionId, 'session.status', { status: next, ...extra, ...(me ? { me } : {}) });
    },
    /** re-publishes the current status (a redelivered session.start asks "where are we?") */
    async repeat(): Promise<void> {
      if (!status) return;
      const me = status === 'ready' ? deps.me() : undefined;
      await events.publish(sessionId, 'session.status', { status, ...(reason ? { reason } : {}), ...(me ? { me } : {}) });
    },
    /** true once ready; false on timeout or when the session stops for good */
    waitReady(ms: number): Promise<boolean> {
      if (status === 'ready') return Promise.resolve(true);
      if (!deps.running() || ms <= 0) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean): void => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(ok);
        };
        const timer = setTimeout(() => done(false), ms);
        waiters.add(done);
      });
    },
  };
}
