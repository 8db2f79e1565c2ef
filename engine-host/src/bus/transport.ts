import type { QueueClient } from '@azure/storage-queue';
import { statusOf } from '../storage/clients.js';

// The bus transport, behind one interface so Service Bus (sessions for
// per-number ordering) can replace Storage Queues without touching callers.

export type Delivery = {
  text: string;
  dequeueCount: number;
  /** handled: remove it for good */
  complete(): Promise<void>;
  /** failed: make it visible again after a delay (at-least-once) */
  retryLater(delaySec: number): Promise<void>;
  /** can never succeed: park it on the poison queue */
  deadLetter(): Promise<void>;
};

export type BusTransport = {
  ensure(): Promise<void>;
  receiveCommands(max: number, visibilityTimeoutSec: number): Promise<Delivery[]>;
  sendEvent(text: string): Promise<void>;
};

export function makeQueueTransport(clients: { commands: QueueClient; events: QueueClient; poison: QueueClient }): BusTransport {
  const { commands, events, poison } = clients;
  return {
    async ensure() {
      await Promise.all([commands.createIfNotExists(), events.createIfNotExists(), poison.createIfNotExists()]);
    },
    async receiveCommands(max, visibilityTimeoutSec) {
      const res = await commands.receiveMessages({ numberOfMessages: max, visibilityTimeout: visibilityTimeoutSec });
      return res.receivedMessageItems.map((item) => {
        let popReceipt = item.popReceipt;
        const remove = async (): Promise<void> => {
          try {
            await commands.deleteMessage(item.messageId, popReceipt);
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
            const res = await commands.updateMessage(item.messageId, popReceipt, undefined, Math.max(0, Math.round(delaySec)));
            if (res.popReceipt) popReceipt = res.popReceipt;
          },
          async deadLetter() {
            await poison.sendMessage(item.messageText, { messageTimeToLive: -1 });
            await remove();
          },
        };
      });
    },
    async sendEvent(text) {
      await events.sendMessage(text);
    },
  };
}
