import { makeSession, type Session, type SessionDeps } from './session.js';

// The sessions this process runs, created on first use. Which ones it runs is
// decided by cluster/ownership.ts (blob leases); a session handed to another
// replica is forgotten here, and a fresh one is made if it ever comes back.

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
    /** drops a session that was closed (handed over): its state belongs to its next owner */
    forget(sessionId: string): void {
      sessions.delete(sessionId);
    },
    /** closes every socket without logging out (unit tests; the app hands sessions over through ownership) */
    async closeAll(): Promise<void> {
      await Promise.all([...sessions.values()].map((s) => s.stop('shutdown').catch(() => undefined)));
    },
  };
}

export type SessionManager = ReturnType<typeof makeSessionManager>;
