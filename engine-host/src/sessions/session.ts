import type { ConnectionState } from '@whiskeysockets/baileys';
import type { EventSink, Me } from '../bus/events.js';
import { nowSeconds } from '../bus/envelope.js';
import { disconnectCode, type Driver, type EngineSocket } from '../drivers/driver.js';
import type { AuthStore, SessionAuth } from '../auth-state/table-auth-state.js';
import type { ReconnectPolicy } from '../reconnect-policy.js';
import { errorText, type Log } from '../log.js';
import { cancellableDelay, makeKeyedSerializer } from '../util/async.js';
import type { MediaStore } from '../media/media-store.js';
import type { PollStore } from '../polls/poll-store.js';
import { makeInboundPipeline } from '../inbound/pipeline.js';
import type { MeIds } from '../inbound/parse.js';
import { makeGroupTracker } from '../groups/group-events.js';
import type { SessionRegistry } from './registry.js';
import { bindSocketEvents } from './socket-events.js';
import { phoneOf } from './jids.js';
import { makeStatusReporter } from './status.js';
import { HandoverError } from '../cluster/handover.js';

// One WhatsApp number: at most one live socket, its status, and the reconnect
// loop. Status transitions are reported as session.status events.

export type SessionDeps = {
  sessionId: string;
  driver: Driver;
  auth: AuthStore;
  events: EventSink;
  policy: ReconnectPolicy;
  registry: SessionRegistry;
  log: Log;
  /** where inbound media bytes go */
  media: MediaStore;
  /** poll secrets, so votes can be read (also after a restart) */
  polls: PollStore;
  /** cap for one inbound media download; shutdown waits at most this long for downloads in flight */
  mediaDownloadTimeoutMs: number;
  /** scale-out: false once this replica may no longer use the session's socket (its lease is lost or ending) */
  owns?: (sessionId: string) => boolean;
};

export type Session = ReturnType<typeof makeSession>;

const pairingCodeLifetimeMs = 180_000;
const shutdownGraceMs = 15_000;

export function makeSession(deps: SessionDeps) {
  const { sessionId, driver, events, policy, registry } = deps;
  const log = deps.log.child({ sessionId });
  let socket: EngineSocket | undefined;
  let auth: SessionAuth | undefined;
  let running = false;
  let attempt = 0;
  let pairingPhone: string | undefined;
  let reconnectWait: { cancel(): void } | undefined;
  let abort = new AbortController();
  const credsWrites = makeKeyedSerializer();

  const me = (): Me | undefined => {
    const m = auth?.state.creds.me;
    if (!m?.id) return undefined;
    return { id: m.id, phone: phoneOf(m.id), ...(m.name ? { name: m.name } : {}) };
  };

  const meIds = (): MeIds | undefined => {
    const m = auth?.state.creds.me;
    return m?.id ? { id: m.id, ...(m.lid ? { lid: m.lid } : {}) } : undefined;
  };

  const status = makeStatusReporter({ sessionId, events, log, running: () => running, me });
  const setStatus = status.set;
  const inbound = makeInboundPipeline({
    sessionId,
    events,
    media: deps.media,
    polls: deps.polls,
    log,
    downloadTimeoutMs: deps.mediaDownloadTimeoutMs,
  });
  const groups = makeGroupTracker({ sessionId, events, log });

  /** Fencing: nothing goes out on the socket, and no auth state is written, once the lease is not ours. */
  const assertOwned = (): void => {
    if (deps.owns && !deps.owns(sessionId)) throw new HandoverError(sessionId);
  };

  const report = (p: Promise<unknown>, what: string): void => {
    p.catch((err: unknown) => log.error(`${what} failed`, { error: errorText(err) }));
  };

  function saveCreds(): void {
    const a = auth;
    if (a) report(credsWrites.run('creds', () => a.saveCreds()), 'saving creds');
  }

  function connect(): void {
    if (!auth || !running) return;
    const sock = driver.openSocket({ sessionId, auth: auth.state, log });
    socket = sock;
    let qrCount = 0;
    let pairingRequested = false;
    const current = (): boolean => sock === socket;
    bindSocketEvents(sock, { sessionId, events, current, me: meIds, report, inbound, groups });
    sock.ev.on('creds.update', (update) => {
      if (!current() || !auth) return;
      Object.assign(auth.state.creds, update);
      saveCreds();
    });
    sock.ev.on('connection.update', (u: Partial<ConnectionState>) => {
      if (!current()) return;
      if (u.qr) {
        if (pairingPhone && !auth?.state.creds.me) {
          if (!pairingRequested) {
            pairingRequested = true;
            const phone = pairingPhone;
            report(
              sock.requestPairingCode(phone).then(async (code) => {
                if (!current()) return;
                const pending = events.publish(sessionId, 'session.pairing_code', { code, expiresAt: nowSeconds() + pairingCodeLifetimeMs / 1000 });
                await Promise.all([pending, setStatus('qr')]);
              }),
              'requesting pairing code',
            );
          }
        } else {
          const expiresAt = nowSeconds() + Math.round(driver.qrLifetimeMs(qrCount++) / 1000);
          // Both publish calls take their seq now, in this order, so the status never lands after a later 'ready'.
          report(events.publish(sessionId, 'session.qr', { qr: u.qr, expiresAt }), 'publishing qr');
          report(setStatus('qr'), 'status');
        }
      }
      if (u.connection === 'connecting') report(setStatus('connecting'), 'status');
      if (u.connection === 'open') {
        attempt = 0;
        report(registry.setWanted(sessionId, true), 'registry');
        report(setStatus('ready'), 'status');
        // Full group metadata for the functions side, once per ready, after the ready status.
        report(
          groups.syncAll(sock).then(
            (count) => log.info('groups synced', { count }),
            (err: unknown) => log.warn('group sync failed', { error: errorText(err) }),
          ),
          'group sync',
        );
      }
      if (u.connection === 'close') report(onClose(u.lastDisconnect?.error, qrCount > 0 && !auth?.state.creds.me), 'close');
    });
  }

  async function onClose(error: unknown, qrShown: boolean): Promise<void> {
    socket = undefined;
    if (!running) return; // we closed it ourselves; stop()/logout() report the status
    const code = disconnectCode(error);
    const decision = policy.decide(code, { attempt, qrShown });
    log.info('socket closed', { code, action: decision.action, reason: decision.reason, error: error ? errorText(error) : undefined });
    if (decision.action === 'reconnect') {
      if (decision.delayMs > 0) attempt++;
      await setStatus(decision.delayMs > 0 ? 'disconnected' : 'connecting', { reason: decision.reason, ...(code ? { code } : {}) });
      const wait = cancellableDelay(decision.delayMs);
      reconnectWait = wait;
      if ((await wait.promise) && reconnectWait === wait && running) connect();
      return;
    }
    running = false;
    try {
      if (decision.clearCreds) {
        await credsWrites.idle();
        await deps.auth.clear(sessionId);
        auth = undefined;
      }
    } finally {
      await setStatus(decision.status, { reason: decision.reason, ...(code ? { code } : {}) });
      await registry.setWanted(sessionId, false);
    }
  }

  /** Takes the socket away from the reconnect loop and closes it without logging out. */
  async function detach(): Promise<EngineSocket | undefined> {
    running = false;
    reconnectWait?.cancel();
    reconnectWait = undefined;
    abort.abort();
    abort = new AbortController();
    const s = socket;
    socket = undefined;
    return s;
  }

  /** `quick`: only close the socket (fencing: what is still in flight finishes or fails by itself) */
  async function end(s: EngineSocket | undefined, quick = false): Promise<void> {
    if (s) await s.end(undefined).catch((err: unknown) => log.warn('closing socket failed', { error: errorText(err) }));
    if (quick) return;
    await credsWrites.idle();
    // Messages WhatsApp already handed us are reported before we go; a slow download gets a bounded
    // grace period (index.ts force-exits a shutdown after 25 s).
    const wait = cancellableDelay(Math.min(deps.mediaDownloadTimeoutMs + 5000, shutdownGraceMs));
    await Promise.race([inbound.idle(), wait.promise]);
    wait.cancel();
  }

  return {
    sessionId,
    get status() {
      return status.current;
    },
    get signal() {
      return abort.signal;
    },
    me,
    meIds,
    assertOwned,
    /** has a socket or a reconnect loop (a stopped, logged-out or failed session has neither) */
    get active(): boolean {
      return running || socket !== undefined;
    },
    async start(opts: { pairingPhone?: string } = {}): Promise<void> {
      if (running) {
        // Idempotent: a redelivered start must not open a second socket; re-report where we are.
        await status.repeat();
        return;
      }
      auth = await deps.auth.load(sessionId, { guard: assertOwned });
      await registry.setWanted(sessionId, true);
      running = true;
      attempt = 0;
      pairingPhone = opts.pairingPhone;
      status.reset();
      await setStatus('starting');
      connect();
    },
    /**
     * session.stop (keep creds, do not resume), shutdown (keep creds; this or another replica resumes it),
     * or fenced (the lease is being lost: close at once, report nothing, touch no storage)
     */
    async stop(kind: 'stop' | 'shutdown' | 'fenced' = 'stop'): Promise<void> {
      const wasRunning = running || socket !== undefined;
      await end(await detach(), kind === 'fenced');
      if (kind === 'fenced') return;
      if (kind === 'stop') await registry.setWanted(sessionId, false);
      if (wasRunning || kind === 'stop') await setStatus('disconnected', { reason: kind === 'stop' ? 'stopped' : 'engine_shutdown' });
    },
    async logout(): Promise<void> {
      const wasReady = status.current === 'ready';
      const s = await detach();
      if (s && wasReady) {
        // Tell WhatsApp to unlink this device; if that fails the local delete below still happens.
        await Promise.race([s.logout(), new Promise((r) => setTimeout(r, 10_000).unref())]).catch((err: unknown) =>
          log.warn('remote logout failed', { error: errorText(err) }),
        );
      }
      await end(s);
      await deps.auth.clear(sessionId);
      auth = undefined;
      await registry.setWanted(sessionId, false);
      await setStatus('logged_out', { reason: 'logout' });
    },
    /** resolves with the open socket, or undefined if the session is not ready within `ms` */
    async waitReady(ms: number): Promise<EngineSocket | undefined> {
      return (await status.waitReady(ms)) && status.current === 'ready' ? socket : undefined;
    },
  };
}
