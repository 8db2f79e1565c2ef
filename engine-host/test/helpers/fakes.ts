import { makeEventBuffer } from '@whiskeysockets/baileys';
import type { EventMap, EventSink, EventType } from '../../src/bus/events.js';
import type { Driver, EngineSocket, SocketContext } from '../../src/drivers/driver.js';
import { toBaileysLogger } from '../../src/drivers/baileys-logger.js';
import { makeLog } from '../../src/log.js';
import { waitUntil } from './wait.js';

// Fakes for unit tests of sessions: a socket on Baileys' own event emitter
// that the test drives by hand, and an event sink that records.

export const boom = (code: number, message = `closed ${code}`): Error =>
  Object.assign(new Error(message), { isBoom: true, output: { statusCode: code } });

export type FakeSocket = {
  socket: EngineSocket;
  ctx: SocketContext;
  closed: boolean;
  open(): void;
  close(code: number): Promise<void>;
};

export function makeFakeSocket(ctx: SocketContext): FakeSocket {
  const ev = makeEventBuffer(toBaileysLogger(makeLog('silent'), 'silent'));
  const fake: FakeSocket = {
    ctx,
    closed: false,
    socket: {
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
    },
    open() {
      ev.emit('connection.update', { connection: 'connecting' });
      ev.emit('connection.update', { connection: 'open' });
    },
    close: (code) => fake.socket.end(boom(code)),
  };
  return fake;
}

export function makeFakeDriver(): Driver & { sockets: FakeSocket[]; openedAt: number[] } {
  const sockets: FakeSocket[] = [];
  const openedAt: number[] = [];
  return {
    kind: 'baileys',
    sockets,
    openedAt,
    openSocket(ctx) {
      const fake = makeFakeSocket(ctx);
      sockets.push(fake);
      openedAt.push(performance.now());
      return fake.socket;
    },
    qrLifetimeMs: () => 20_000,
    async close() {},
  };
}

export type Recorded = { sessionId: string; type: EventType; data: EventMap[EventType] };

export function makeRecorder(): EventSink & { events: Recorded[]; statuses(sessionId: string): EventMap['session.status'][]; waitStatus(sessionId: string, status: string, nth?: number): Promise<EventMap['session.status']> } {
  const events: Recorded[] = [];
  const statuses = (sessionId: string): EventMap['session.status'][] =>
    events.filter((e) => e.sessionId === sessionId && e.type === 'session.status').map((e) => e.data as EventMap['session.status']);
  return {
    events,
    statuses,
    async publish(sessionId, type, data) {
      events.push({ sessionId, type, data });
    },
    waitStatus: (sessionId, status, nth = 1) =>
      waitUntil(() => statuses(sessionId).filter((s) => s.status === status)[nth - 1], { what: `${nth}x status ${status}`, timeoutMs: 5000, intervalMs: 2 }),
  };
}
