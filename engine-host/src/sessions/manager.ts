import { errorText } from '../log.js';
import { makeSession, type Session, type SessionDeps } from './session.js';

// All sessions of this process, created on first use.

export function makeSessionManager(deps: Omit<SessionDeps, 'sessionId'>) {
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
