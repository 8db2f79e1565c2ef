import type { EventSink } from '../bus/events.js';
import type { Driver } from '../drivers/driver.js';
import type { AuthStore } from '../auth-state/table-auth-state.js';
import type { ReconnectPolicy } from '../reconnect-policy.js';
import { errorText, type Log } from '../log.js';
import type { SessionRegistry } from './registry.js';
import { makeSession, type Session } from './session.js';

// All sessions of this process, created on first use.

export function makeSessionManager(deps: {
  driver: Driver;
  auth: AuthStore;
  events: EventSink;
  policy: ReconnectPolicy;
  registry: SessionRegistry;
  log: Log;
}) {
  const sessions = new Map<string, Session>();

  const ensure = (sessionId: string): Session => {
    let s = sessions.get(sessionId);
    if (!s) sessions.set(sessionId, (s = makeSession({ ...deps, sessionId })));
    return s;
  };

  return {
    ensure,
    get: (sessionId: string): Session | undefined => sessions.get(sessionId),
    /** starts every session that was running when the process last stopped (or died) */
    async resumeAll(): Promise<number> {
      const ids = await deps.registry.listWanted();
      // A few at a time: hundreds of simultaneous handshakes look like abuse to WhatsApp.
      const queue = [...ids];
      const worker = async (): Promise<void> => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          await ensure(id)
            .start()
            .catch((err: unknown) => deps.log.error('resume failed', { sessionId: id, error: errorText(err) }));
        }
      };
      await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
      if (ids.length) deps.log.info('sessions resumed', { count: ids.length });
      return ids.length;
    },
    /** graceful shutdown: close every socket without logging out; they resume on restart */
    async closeAll(): Promise<void> {
      await Promise.all([...sessions.values()].map((s) => s.stop('shutdown').catch(() => undefined)));
    },
  };
}

export type SessionManager = ReturnType<typeof makeSessionManager>;
