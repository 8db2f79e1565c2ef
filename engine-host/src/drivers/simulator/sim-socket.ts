import { createHash } from 'node:crypto';
import path from 'node:path';
import { generateWAMessage, getContentType, jidNormalizedUser, makeEventBuffer, normalizeMessageContent, WAMessageStatus } from '@whiskeysockets/baileys';
import type { AnyMessageContent, ConnectionState, MiscMessageGenerationOptions, WAMediaUploadFunction, WAMessage } from '@whiskeysockets/baileys';
import type { SimCommand } from '../../bus/sim-commands.js';
import { BadEnvelopeError } from '../../bus/envelope.js';
import type { MediaStore } from '../../media/media-store.js';
import { SendError, type EngineSocket, type SocketContext } from '../driver.js';
import { isPhoneJid, phoneOf } from '../../sessions/jids.js';
import { toBaileysLogger } from '../baileys-logger.js';
import { buildEdit, buildInbound, buildReaction, buildRevoke, buildVote } from './sim-messages.js';
import { downloadSimMedia } from './sim-media.js';
import { makeSimGroups, newGroupState, type SimGroupState } from './sim-groups.js';
import type { SimPoll } from './sim-polls.js';

// A pretend WhatsApp connection on Baileys' own event emitter. It behaves like
// a real socket seen from outside: connecting → QR (rotating) or open, acks
// after delays, a 515 restart right after linking, close with a DisconnectReason.
// Sends are built by Baileys' own generateWAMessage (media encrypted and
// "uploaded" nowhere), so what the engine hands sendMessage is checked as
// Baileys would, and the sent message echoes back as a messages.upsert 'append'.

export type SimConfig = { deliveredMs: number; readMs: number; qrRotateMs: number; notOnWhatsApp: RegExp };

/** What the simulator remembers about a session across its sockets (memory only). */
export type SimSessionState = {
  known: Set<string>;
  sentTo: Map<string, string>;
  timelockUntil: number;
  /** polls whose secret the simulator knows (sent by the engine, or made up by sim.inbound), for sim.vote */
  polls: Map<string, SimPoll>;
  groups: SimGroupState;
};

export const newSimState = (): SimSessionState => ({ known: new Set(), sentTo: new Map(), timelockUntil: 0, polls: new Map(), groups: newGroupState() });

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

/** Only recent entries matter; keeps memory flat in long benchmarks. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max = 10_000): void {
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

// Baileys encrypts media into a temp file and hands it to `upload`; the simulator keeps nothing.
const simUpload: WAMediaUploadFunction = async (encFilePath) => {
  const name = path.basename(encFilePath);
  return { mediaUrl: `https://sim.invalid/out/${name}`, directPath: `/sim/out/${name}` };
};

export function makeSimSocket(ctx: SocketContext, config: SimConfig, state: SimSessionState, media: MediaStore) {
  const logger = toBaileysLogger(ctx.log, 'silent');
  const ev = makeEventBuffer(logger);
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
  const me = (): string => jidNormalizedUser(creds.me?.id ?? '');
  const groups = makeSimGroups({ sessionId: ctx.sessionId, state: state.groups, ev, me, notOnWhatsApp: config.notOnWhatsApp });
  const openGroups = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    requireOpen();
    return fn(...args);
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

  const deliver = (msg: WAMessage): void => {
    if (msg.key.remoteJid) state.known.add(msg.key.remoteJid);
    ev.emit('messages.upsert', { messages: [msg], type: 'notify' });
  };

  /** Remembers a poll the engine sent, so sim.vote can answer it. */
  const rememberSentPoll = (jid: string, msg: WAMessage): void => {
    const content = normalizeMessageContent(msg.message);
    const type = getContentType(content);
    const secret = msg.message?.messageContextInfo?.messageSecret;
    if (!content || !secret || (type !== 'pollCreationMessage' && type !== 'pollCreationMessageV2' && type !== 'pollCreationMessageV3') || !msg.key.id) return;
    const options = (content[type]?.options ?? []).map((o) => o.optionName ?? '');
    remember(state.polls, msg.key.id, { chatId: jid, fromMe: true, creatorJid: me(), options, secret });
  };

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
    async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) {
      requireOpen();
      if (isPhoneJid(jid) && config.notOnWhatsApp.test(phoneOf(jid))) throw new SendError('not_on_whatsapp', false);
      const until = state.timelockUntil;
      if (until > Date.now() && !state.known.has(jid) && !('react' in content)) {
        throw new SendError('reachout_timelock', true, `new contacts are blocked until ${new Date(until).toISOString()}`);
      }
      const id = options?.messageId ?? 'SIMOUT' + Date.now().toString(16).toUpperCase();
      const msg = await generateWAMessage(jid, content, { ...options, messageId: id, userJid: me(), upload: simUpload, logger });
      // Closed while the message was being built: it never reached "WhatsApp".
      requireOpen();
      msg.status = WAMessageStatus.SERVER_ACK;
      // What "WhatsApp" received, one line per message: tests count these across replicas.
      ctx.log.info('simulator sent', { messageId: id });
      state.known.add(jid);
      remember(state.sentTo, id, jid);
      rememberSentPoll(jid, msg);
      if (config.deliveredMs >= 0) later(config.deliveredMs, () => ack(jid, id, 'delivered'));
      if (config.readMs >= 0) later(Math.max(config.readMs, config.deliveredMs), () => ack(jid, id, 'read'));
      ev.emit('messages.upsert', { messages: [msg], type: 'append' }); // Baileys echoes own sends (emitOwnEvents)
      return msg;
    },
    async readMessages() {
      requireOpen();
    },
    downloadMedia: async (msg) => downloadSimMedia(media, msg),
    groupMetadata: openGroups(groups.metadata),
    groupCreate: openGroups(groups.create),
    groupUpdateSubject: openGroups(groups.updateSubject),
    groupUpdateDescription: openGroups(groups.updateDescription),
    groupParticipantsUpdate: openGroups(groups.participantsUpdate),
    groupInviteCode: openGroups(groups.inviteCode),
    groupLeave: openGroups(groups.leave),
    groupFetchAllParticipating: openGroups(groups.fetchAll),
  };

  const controls = {
    get closed() {
      return closed;
    },
    /** the phone scanned the QR (or entered the pairing code) */
    scan(opts: { phone?: string; name?: string }): void {
      if (closed || creds.me) throw new Error('nothing to scan: the session is linked or not connecting');
      const phone = opts.phone ?? pairingPhone ?? simPhone(ctx.sessionId);
      // Linked: no more QR rotations (on a loaded machine one could otherwise fire before the restart below).
      for (const t of timers) clearTimeout(t);
      timers.clear();
      ev.emit('creds.update', { me: { id: `${phone}:1@s.whatsapp.net`, name: opts.name ?? `Simulated ${phone.slice(-4)}` }, platform: 'simulator' });
      update({ isNewLogin: true, qr: undefined });
      // Like WhatsApp after pair-success: the server asks for a fresh connection.
      later(0, () => void end(new SimDisconnect(515, 'Stream Errored (restart required)')));
    },
    async inbound(cmd: Extract<SimCommand, { type: 'sim.inbound' }>, id: string): Promise<void> {
      requireOpen();
      const { msg, poll } = await buildInbound(cmd, id, { media, sentTo: state.sentTo });
      if (poll) remember(state.polls, id, poll);
      deliver(msg);
    },
    reaction(cmd: Extract<SimCommand, { type: 'sim.reaction' }>, id: string): void {
      requireOpen();
      deliver(buildReaction(cmd, id, state.sentTo));
    },
    edit(cmd: Extract<SimCommand, { type: 'sim.edit' }>, id: string): void {
      requireOpen();
      deliver(buildEdit(cmd, id));
    },
    revoke(cmd: Extract<SimCommand, { type: 'sim.revoke' }>, id: string): void {
      requireOpen();
      deliver(buildRevoke(cmd, id));
    },
    vote(cmd: Extract<SimCommand, { type: 'sim.vote' }>, id: string): void {
      requireOpen();
      const poll = state.polls.get(cmd.pollId);
      if (!poll) throw new BadEnvelopeError(`sim.vote: the simulator does not know poll ${cmd.pollId} (it remembers polls only while the process runs)`);
      deliver(buildVote(cmd, id, poll));
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
