import type { QueueClient } from '@azure/storage-queue';
import { statusOf } from '../storage/clients.js';

// The bus transport, behind one interface so Service Bus (sessions for
// per-number ordering) can replace Storage Queues without touching callers.
// Besides the shared command queue the functions side writes to, each
// engine-host replica has an inbox queue of its own: commands for sessions it
// owns are forwarded there (see cluster/ and README "Scale-out").

export type Delivery = {
  text: string;
  dequeueCount: number;
  /** handled: remove it for good */
  complete(): Promise<void>;
  /** failed: make it visible again after a delay (at-least-once) */
  retryLater(delaySec: number): Promise<void>;
  /** can never succeed: park it on the poison queue */
  deadLetter(): Promise<void>;
  /** hands it to another queue (a fresh message there, visible after `delaySec`), then removes it here */
  moveTo(queue: CommandQueue, delaySec?: number): Promise<void>;
};

/** The queue no longer exists (or is being deleted): a replica inbox that was cleaned up. */
export class QueueGoneError extends Error {}

export type CommandQueue = {
  readonly name: string;
  ensure(): Promise<void>;
  receive(max: number, visibilityTimeoutSec: number): Promise<Delivery[]>;
  /** QueueGoneError when the queue does not exist */
  send(text: string, delaySec?: number): Promise<void>;
  /** messages in it, visible or not (Azure's approximate count); undefined when the queue does not exist */
  approximateCount(): Promise<number | undefined>;
  remove(): Promise<void>;
};

export type BusTransport = {
  ensure(): Promise<void>;
  /** the shared command queue the functions side writes to */
  commands: CommandQueue;
  /** another command queue (a replica's inbox), dead-lettering to the same poison queue */
  queue(name: string): CommandQueue;
  /** the shared queue's messages (kept for callers that know only one queue) */
  receiveCommands(max: number, visibilityTimeoutSec: number): Promise<Delivery[]>;
  sendEvent(text: string): Promise<void>;
};

const gone = (err: unknown): boolean => statusOf(err) === 404 || statusOf(err) === 409;

export function makeCommandQueue(client: QueueClient, poison: QueueClient): CommandQueue {
  const queue: CommandQueue = {
    name: client.name,
    async ensure() {
      await client.createIfNotExists();
    },
    async receive(max, visibilityTimeoutSec) {
      const res = await client.receiveMessages({ numberOfMessages: max, visibilityTimeout: visibilityTimeoutSec });
      return res.receivedMessageItems.map((item): Delivery => {
        let popReceipt = item.popReceipt;
        const remove = async (): Promise<void> => {
          try {
            await client.deleteMessage(item.messageId, popReceipt);
          } catch (err) {
            // 404: already gone (another receiver re-took it after our visibility lapsed); nothing to undo.
            if (statusOf(err) !== 404) throw err;
          }
        };
        return {
          text: item.messageText,
          dequeueCount: item.dequeueCount,
          complete: remove,
          async retryLater(delaySec) {
            const res = await client.updateMessage(item.messageId, popReceipt, undefined, Math.max(0, Math.round(delaySec)));
            if (res.popReceipt) popReceipt = res.popReceipt;
          },
          async deadLetter() {
            await poison.sendMessage(item.messageText, { messageTimeToLive: -1 });
            await remove();
          },
          async moveTo(target, delaySec = 0) {
            // Copy first, then delete: a crash in between leaves two copies, never none (commands are idempotent).
            await target.send(item.messageText, delaySec);
            await remove();
          },
        };
      });
    },
    async send(text, delaySec = 0) {
      try {
        await client.sendMessage(text, delaySec > 0 ? { visibilityTimeout: Math.round(delaySec) } : {});
      } catch (err) {
        if (gone(err)) throw new QueueGoneError(`queue ${client.name} is gone (${statusOf(err)})`);
        throw err;
      }
    },
    async approximateCount() {
      try {
        return (await client.getProperties()).approximateMessagesCount ?? 0;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async remove() {
      await client.deleteIfExists();
    },
  };
  return queue;
}

export function makeQueueTransport(clients: {
  commands: QueueClient;
  events: QueueClient;
  poison: QueueClient;
  /** a client for any other queue of the account (replica inboxes) */
  queue?: (name: string) => QueueClient;
}): BusTransport {
  const { events, poison } = clients;
  const commands = makeCommandQueue(clients.commands, poison);
  return {
    commands,
    queue(name) {
      if (!clients.queue) throw new Error('this transport has no queue factory');
      return makeCommandQueue(clients.queue(name), poison);
    },
    async ensure() {
      await Promise.all([commands.ensure(), events.createIfNotExists(), poison.createIfNotExists()]);
    },
    receiveCommands: (max, visibilityTimeoutSec) => commands.receive(max, visibilityTimeoutSec),
    async sendEvent(text) {
      await events.sendMessage(text);
    },
  };
}
