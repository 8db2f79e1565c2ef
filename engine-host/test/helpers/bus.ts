import { randomUUID } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { makeStorage } from '../../src/storage/clients.js';
import type { Envelope } from '../../src/bus/envelope.js';
import type { EventMap, EventType } from '../../src/bus/events.js';
import { waitUntil } from './wait.js';

// The functions side, as far as a test needs it: put commands on the queue the
// way functions/ does (base64 JSON) and read the events back.

export type Event<T extends EventType = EventType> = Envelope<T, EventMap[T]> & { seq: number };

export function makeTestBus(connectionString: string, queues: { commands: string; events: string }) {
  const storage = makeStorage({ kind: 'connectionString', connectionString });
  const commands: QueueClient = storage.queue(queues.commands);
  const eventsQ: QueueClient = storage.queue(queues.events);
  const poison: QueueClient = storage.queue(`${queues.commands}-poison`);
  const seen: Event[] = [];

  let created: Promise<unknown> | undefined;
  async function pull(): Promise<void> {
    await (created ??= eventsQ.createIfNotExists());
    for (;;) {
      const res = await eventsQ.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 30 });
      if (res.receivedMessageItems.length === 0) return;
      for (const m of res.receivedMessageItems) seen.push(JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as Event);
      await Promise.all(res.receivedMessageItems.map((m) => eventsQ.deleteMessage(m.messageId, m.popReceipt)));
    }
  }

  const bus = {
    seen,
    /** reads every event queued so far into `seen` */
    pull,
    async send(type: string, sessionId: string, data: Record<string, unknown> = {}, id: string = randomUUID()): Promise<string> {
      await bus.sendRaw(Buffer.from(JSON.stringify({ v: 1, id, type, sessionId, at: new Date().toISOString(), data })).toString('base64'));
      return id;
    },
    async sendRaw(text: string): Promise<void> {
      await commands.createIfNotExists();
      await commands.sendMessage(text);
    },
    /** all events of one session and type seen so far (after pulling what is queued) */
    async of<T extends EventType>(sessionId: string, type: T): Promise<Event<T>[]> {
      await pull();
      return seen.filter((e): e is Event<T> => e.sessionId === sessionId && e.type === type);
    },
    async waitFor<T extends EventType>(
      sessionId: string,
      type: T,
      match: (data: EventMap[T], e: Event<T>) => boolean = () => true,
      timeoutMs = 10_000,
    ): Promise<Event<T>> {
      return waitUntil(
        async () => {
          await pull();
          return seen.find((e): e is Event<T> => e.sessionId === sessionId && e.type === type && match(e.data as EventMap[T], e as Event<T>));
        },
        { timeoutMs, what: `${type} for ${sessionId}` },
      );
    },
    status(sessionId: string, status: string, timeoutMs?: number): Promise<Event<'session.status'>> {
      return bus.waitFor(sessionId, 'session.status', (d) => d.status === status, timeoutMs);
    },
    async poisonTexts(): Promise<string[]> {
      await poison.createIfNotExists();
      const res = await poison.peekMessages({ numberOfMessages: 32 });
      return res.peekedMessageItems.map((m) => m.messageText);
    },
  };
  return bus;
}

export type TestBus = ReturnType<typeof makeTestBus>;
