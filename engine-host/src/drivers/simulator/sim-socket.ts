import { createHash } from 'node:crypto';
import { makeEventBuffer, WAMessageStatus } from '@whiskeysockets/baileys';
import type { AnyMessageContent, ConnectionState, proto } from '@whiskeysockets/baileys';
import { SendError, type EngineSocket, type SocketContext } from '../driver.js';
import { isPhoneJid, phoneOf } from '../../sessions/jids.js';
import { toBaileysLogger } from '../baileys-logger.js';
import { buildInbound, buildOutbound, type Inbound } from './sim-messages.js';

// A pretend WhatsApp connection on Baileys' own event emitter. It behaves like
// a real socket seen from outside: connecting → QR (rotating) or open, acks
// after delays, a 515 restart right after linking, close with a DisconnectReason.

export type SimConfig = { deliveredMs: number; readMs: number; qrRotateMs: number; notOnWhatsApp: RegExp };

/** What the simulator remembers about a session across its sockets (memory only). */
export type SimSessionState = { known: Set<string>; sentTo: Map<string, string>; timelockUntil: number };

/** A close with a DisconnectReason code, shaped like Baileys' Boom errors. */
export class SimDisconnect extends Error {
  readonly output: { statusCode: number };
  constructor(code: number, message = 'Simulated disconnect') {
    super(message);
    this.output = { statusCode: code };
  }
}

const statusCodes = { delivered: WAMessageStatus.DELIVERY_ACK, read: WAMessageStatus.READ, played: WAMessageStatus.PLAYED } as const;

export function simPhone(sessionId: string): string {
  const n = parseInt(createHash('sha256').update(sessionId).digest('hex').slice(0, 12), 16) % 10_000_000;
  return '1555' + String(n).padStart(7, '0');
}

export function makeSimSocket(ctx: SocketContext, config: SimConfig, state: SimSessionState) {
  const ev = makeEventBuffer(toBaileysLogger(ctx.log, 'silent'));
  const creds = ctx.auth.creds;
  const timers = new Set<NodeJS.Timeout>();
  let open = false;
  let closed = false;
  let qrIndex = 0;
  let pairingPhone: string | undefined;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };
  const update = (u: Partial<ConnectionState>): void => void ev.emit('connection.update', u);
  const requireOpen = (): void => {
    if (!open) throw new SimDisconnect(428, 'Connection Closed');
  };

  const qrText = (index: number): string => {
    const ref = createHash('sha256').update(`${ctx.sessionId}\n${index}`).digest('base64').slice(0, 40);
    const key = (k: Uint8Array): string => Buffer.from(k).toString('base64');
    return `2@${ref},${key(creds.noiseKey.public)},${key(creds.signedIdentityKey.public)},${creds.advSecretKey}`;
  };
  const showQr = (): void => {
    update({ qr: qrText(qrIndex++) });
    later(config.qrRotateMs, showQr);
  };

  later(0, () => {
    update({ connection: 'connecting', receivedPendingNotifications: false, qr: undefined });
    if (creds.me) {
      open = true;
      update({ connection: 'open', receivedPendingNotifications: true, isOnline: true });
    } else showQr();
  });

  const end = async (error: Error | undefined): Promise<void> => {
    if (closed) return;
    closed = true;
    open = false;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    update({ connection: 'close', lastDisconnect: { error, date: new Date() } });
    ev.removeAllListeners('connection.update');
  };

  const ack = (jid: string, id: string, status: keyof typeof statusCodes): void =>
    void ev.emit('messages.update', [{ key: { remoteJid: jid, id, fromMe: true }, update: { status: statusCodes[status] } }]);

  const socket: EngineSocket = {
    ev,
    end,
    async logout() {
      await end(new SimDisconnect(401, 'Intentional Logout'));
    },
    async requestPairingCode(phone: string) {
      pairingPhone = phone.replace(/\D/g, '');
      const code = createHash('sha256').update(`${ctx.sessionId}\n${pairingPhone}`).digest('hex').slice(0, 8).toUpperCase();
      return code;
    },
    async sendPresenceUpdate() {
      requireOpen();
    },
    async onWhatsApp(...numbers: string[]) {
      requireOpen();
      return numbers.map((n) => {
        const digits = phoneOf(n).replace(/\D/g, '');
        return { jid: `${digits}@s.whatsapp.net`, exists: !config.notOnWhatsApp.test(digits) };
      });
    },
    async sendMessage(jid: string, content: AnyMessageContent, options?: { messageId?: string }) {
      requireOpen();
      if (isPhoneJid(jid) && config.notOnWhatsApp.test(phoneOf(jid))) throw new SendError('not_on_whatsapp', false);
      const until = state.timelockUntil;
      if (until > Date.now() && !state.known.has(jid) && !('react' in content)) {
        throw new SendError('reachout_timelock', true, `new contacts are blocked until ${new Date(until).toISOString()}`);
      }
      const id = options?.messageId ?? 'SIMOUT' + Date.now().toString(16).toUpperCase();
      state.known.add(jid);
      state.sentTo.set(id, jid);
      // Only recent ids matter (for sim.status); keep memory flat in long benchmarks.
      if (state.sentTo.size > 10_000) state.sentTo.delete(state.sentTo.keys().next().value ?? '');
      const message: proto.IMessage = 'text' in content ? { conversation: content.text } : {};
      if (config.deliveredMs >= 0) later(config.deliveredMs, () => ack(jid, id, 'delivered'));
      if (config.readMs >= 0) later(Math.max(config.readMs, config.deliveredMs), () => ack(jid, id, 'read'));
      return buildOutbound(jid, id, message);
    },
  };

  const controls = {
    get closed() {
      return closed;
    },
    /** the phone scanned the QR (or entered the pairing code) */
    scan(opts: { phone?: string; name?: string }): void {
      if (closed || creds.me) throw new Error('nothing to scan: the session is linked or not connecting');
      const phone = opts.phone ?? pairingPhone ?? simPhone(ctx.sessionId);
      ev.emit('creds.update', { me: { id: `${phone}:1@s.whatsapp.net`, name: opts.name ?? `Simulated ${phone.slice(-4)}` }, platform: 'simulator' });
      update({ isNewLogin: true, qr: undefined });
      // Like WhatsApp after pair-success: the server asks for a fresh connection.
      later(0, () => void end(new SimDisconnect(515, 'Stream Errored (restart required)')));
    },
    inbound(cmd: Inbound, id: string): void {
      requireOpen();
      const msg = buildInbound(cmd, id);
      if (msg.key.remoteJid) state.known.add(msg.key.remoteJid);
      ev.emit('messages.upsert', { messages: [msg], type: 'notify' });
    },
    status(messageId: string, status: keyof typeof statusCodes): void {
      requireOpen();
      ack(state.sentTo.get(messageId) ?? '', messageId, status);
    },
    timelock(seconds: number): void {
      state.timelockUntil = Date.now() + seconds * 1000;
      if (open) update({ reachoutTimeLock: { isActive: seconds > 0, timeEnforcementEnds: new Date(state.timelockUntil) } });
    },
  };
  return { socket, controls };
}

export type SimSocket = ReturnType<typeof makeSimSocket>;
