import type { SessionStatus } from './bus/events.js';

// What to do when a session's socket closes, by Baileys' DisconnectReason code.
//
//   401 loggedOut          stop, logged_out, delete credentials (the phone unlinked us)
//   403 forbidden          stop, failed (account banned/blocked: retrying cannot help)
//   411 multideviceMismatch stop, failed (needs a new link from the phone)
//   440 connectionReplaced stop, disconnected (another client took the session; reconnecting would fight it)
//   515 restartRequired    reconnect at once (normal right after pairing)
//   428 connectionClosed, 408 connectionLost/timedOut, 503 unavailable,
//   500 badSession         reconnect with capped exponential backoff and jitter.
//                          500 is also what Baileys reports for any unrecognised
//                          socket error, so treating it as fatal would strand
//                          sessions on a transient fault.
//   anything else          reconnect with backoff.
//   408 after QRs were shown and never scanned: stop (nobody is there to scan).

export type Decision =
  | { action: 'reconnect'; delayMs: number; reason: string }
  | { action: 'stop'; status: Extract<SessionStatus, 'disconnected' | 'logged_out' | 'failed'>; reason: string; clearCreds: boolean };

export type PolicyContext = {
  /** consecutive failed attempts since the session was last ready */
  attempt: number;
  /** QRs were shown on this connection and none was scanned */
  qrShown?: boolean;
};

export type ReconnectPolicy = {
  decide(code: number | undefined, ctx: PolicyContext): Decision;
  backoffMs(attempt: number): number;
};

const reasons: Record<number, string> = {
  401: 'logged_out',
  403: 'forbidden',
  408: 'connection_lost',
  411: 'multidevice_mismatch',
  428: 'connection_closed',
  440: 'connection_replaced',
  500: 'bad_session',
  503: 'unavailable',
  515: 'restart_required',
};

export const reasonFor = (code: number | undefined): string => (code === undefined ? 'unknown' : reasons[code] ?? `code_${code}`);

export function makeReconnectPolicy(config: { baseMs: number; maxMs: number; random?: () => number }): ReconnectPolicy {
  const random = config.random ?? Math.random;
  // "Equal jitter": half the capped exponential delay is fixed, half random, so
  // many sessions dropped by one outage do not all come back in the same instant.
  const backoffMs = (attempt: number): number => {
    const capped = Math.min(config.maxMs, config.baseMs * 2 ** Math.max(0, attempt));
    return Math.round(capped / 2 + random() * (capped / 2));
  };
  return {
    backoffMs,
    decide(code, ctx) {
      const reason = reasonFor(code);
      switch (code) {
        case 401:
          return { action: 'stop', status: 'logged_out', reason, clearCreds: true };
        case 403:
        case 411:
          return { action: 'stop', status: 'failed', reason, clearCreds: false };
        case 440:
          return { action: 'stop', status: 'disconnected', reason, clearCreds: false };
        case 515:
          return { action: 'reconnect', delayMs: 0, reason };
        case 408:
          if (ctx.qrShown) return { action: 'stop', status: 'disconnected', reason: 'qr_timeout', clearCreds: false };
          return { action: 'reconnect', delayMs: backoffMs(ctx.attempt), reason };
        default:
          return { action: 'reconnect', delayMs: backoffMs(ctx.attempt), reason };
      }
    },
  };
}
