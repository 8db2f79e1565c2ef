import { Readable } from 'node:stream';
import { makeEventBuffer } from '@whiskeysockets/baileys';
import type { EventMap, EventSink, EventType } from '../../src/bus/events.js';
import type { Driver, EngineSocket, SocketContext } from '../../src/drivers/driver.js';
import { toBaileysLogger } from '../../src/drivers/baileys-logger.js';
import { makeLog } from '../../src/log.js';
import { makeMemoryMediaStore, type MediaStore } from '../../src/media/media-store.js';
import { makeMemoryPollStore, type PollStore } from '../../src/polls/poll-store.js';
import { waitUntil } from './wait.js';

// Fakes for unit tests of sessions: a socket on Baileys' own event emitter
// that the test drives by hand (and that records what the engine asked of it),
// and an event sink that records.

export const boom = (code: number, message = `closed ${code}`): Error =>
  Object.assign(new Error(message), { isBoom: true, output: { statusCode: code } });

export type Call = { method: string; args: unknown[] };

export type FakeSocket = {
  socket: EngineSocket;
  ctx: SocketContext;
  closed: boolean;
  /** every call the engine made on the socket, in order (connection lifecycle excluded) */
  calls: Call[];
  open(): void;
  close(code: number): Promise<void>;
};

/** A socket whose WhatsApp side does nothing useful; `overrides` replace single methods. */
export function makeFakeSocket(ctx: SocketContext, overrides: Partial<EngineSocket> = {}): FakeSocket {
  const ev = makeEventBuffer(toBaileysLogger(makeLog('silent'), 'silent'));
  const calls: Call[] = [];
  const rec = <A extends unknown[], R>(method: string, fn: (...args: A) => R) => (...args: A): R => {
    calls.push({ method, args });
    return fn(...args);
  };
  const base: EngineSocket = {
    ev,
    async end(error) {
      if (fake.closed) return;
      fake.closed = true;
      ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
    },
    logout: async () => fake.socket.end(boom(401, 'Intentional Logout')),
    requestPairingCode: async () => 'ABCD1234',
    sendPresenceUpdate: async () => {},
    onWhatsApp: async (...n: string[]) => n.map((x) => ({ jid: `${x}@s.whatsapp.net`, exists: true })),
    sendMessage: async (jid, _content, options) => ({ key: { remoteJid: jid, id: options?.messageId ?? 'X', fromMe: true }, messageTimestamp: 1 }),
    readMessages: async () => {},
    downloadMedia: async () => Readable.from([Buffer.from('fake media')]),
    groupMetadata: async (jid) => ({ id: jid, subject: 'Group', owner: undefined, participants: [] }),
    groupCreate: async (subject) => ({ id: '120363000000000099@g.us', subject, owner: undefined, participants: [] }),
    groupUpdateSubject: async () => {},
    groupUpdateDescription: async () => {},
    groupParticipantsUpdate: async (_jid, participants) => participants.map((p) => ({ status: '200', jid: p, content: { tag: 'participant', attrs: {} } })),
    groupInviteCode: async () => 'INVITECODE',
    groupLeave: async () => {},
    groupFetchAllParticipating: async () => ({}),
  };
  const merged = { ...base, ...overrides };
  const recorded: EngineSocket = {
    ...merged,
    ev,
    end: merged.end,
    logout: merged.logout,
    sendPresenceUpdate: rec('sendPresenceUpdate', merged.sendPresenceUpdate),
    onWhatsApp: rec('onWhatsApp', merged.onWhatsApp),
    sendMessage: rec('sendMessage', merged.sendMessage),
    readMessages: rec('readMessages', merged.readMessages),
    downloadMedia: rec('downloadMedia', merged.downloadMedia),
    groupMetadata: rec('groupMetadata', merged.groupMetadata),
    groupCreate: rec('groupCreate', merged.groupCreate),
    groupUpdateSubject: rec('groupUpdateSubject', merged.groupUpdateSubject),
    groupUpdateDescription: rec('groupUpdateDescription', merged.groupUpdateDescription),
    groupParticipantsUpdate: rec('groupParticipantsUpdate', merged.groupParticipantsUpdate),
    groupInviteCode: rec('groupInviteCode', merged.groupInviteCode),
    groupLeave: rec('groupLeave', merged.groupLeave),
    groupFetchAllParticipating: rec('groupFetchAllParticipating', merged.groupFetchAllParticipating),
  };
  const fake: FakeSocket = {
    ctx,
    closed: false,
    calls,
    socket: recorded,
    open() {
      ev.emit('connection.update', { connection: 'connecting' });
      ev.emit('connection.update', { connection: 'open' });
    },
    close: (code) => fake.socket.end(boom(code)),
  };
  return fake;
}

export function makeFakeDriver(overrides: Partial<EngineSocket> = {}): Driver & { sockets: FakeSocket[]; openedAt: number[] } {
  const sockets: FakeSocket[] = [];
  const openedAt: number[] = [];
  return {
    kind: 'baileys',
    sockets,
    openedAt,
    openSocket(ctx) {
      const fake = makeFakeSocket(ctx, overrides);
      sockets.push(fake);
      openedAt.push(performance.now());
      return fake.socket;
    },
    qrLifetimeMs: () => 20_000,
    async close() {},
  };
}

/** The storage a session needs for messaging, in memory. */
export function messagingDeps(): { media: MediaStore & ReturnType<typeof makeMemoryMediaStore>; polls: PollStore & ReturnType<typeof makeMemoryPollStore>; mediaDownloadTimeoutMs: number } {
  return { media: makeMemoryMediaStore(), polls: makeMemoryPollStore(), mediaDownloadTimeoutMs: 5000 };
}

export type Recorded = { sessionId: string; type: EventType; data: EventMap[EventType] };

export type Recorder = EventSink & {
  events: Recorded[];
  statuses(sessionId: string): EventMap['session.status'][];
  waitStatus(sessionId: string, status: string, nth?: number): Promise<EventMap['session.status']>;
  of<T extends EventType>(type: T): EventMap[T][];
  waitFor<T extends EventType>(type: T, match?: (d: EventMap[T]) => boolean, timeoutMs?: number): Promise<EventMap[T]>;
};

export function makeRecorder(): Recorder {
  const events: Recorded[] = [];
  const statuses = (sessionId: string): EventMap['session.status'][] =>
    events.filter((e) => e.sessionId === sessionId && e.type === 'session.status').map((e) => e.data as EventMap['session.status']);
  const of = <T extends EventType>(type: T): EventMap[T][] => events.filter((e) => e.type === type).map((e) => e.data as EventMap[T]);
  return {
    events,
    statuses,
    of,
    async publish(sessionId, type, data) {
      events.push({ sessionId, type, data });
    },
    waitStatus: (sessionId, status, nth = 1) =>
      waitUntil(() => statuses(sessionId).filter((s) => s.status === status)[nth - 1], { what: `${nth}x status ${status}`, timeoutMs: 5000, intervalMs: 2 }),
    waitFor: (type, match = () => true, timeoutMs = 5000) =>
      waitUntil(() => of(type).find(match), { what: `event ${type}`, timeoutMs, intervalMs: 2 }),
  };
}
