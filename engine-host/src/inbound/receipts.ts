import { jidNormalizedUser, toNumber, WAMessageStatus } from '@whiskeysockets/baileys';
import type { MessageUserReceiptUpdate, WAMessageUpdate } from '@whiskeysockets/baileys';
import type { DeliveryStatus, EventMap } from '../bus/events.js';
import { preferPhone } from '../sessions/jids.js';

// Delivery receipts for our own messages → message.status.

const statusByCode: Partial<Record<number, DeliveryStatus>> = {
  [WAMessageStatus.ERROR]: 'failed',
  [WAMessageStatus.DELIVERY_ACK]: 'delivered',
  [WAMessageStatus.READ]: 'read',
  [WAMessageStatus.PLAYED]: 'played',
};

type StatusEvent = EventMap['message.status'];

/** messages.update carries our own messages' status in 1:1 chats. */
export function statusFromUpdate(u: WAMessageUpdate): StatusEvent | undefined {
  const code = u.update.status;
  if (!u.key.fromMe || !u.key.id || code == null) return undefined;
  const status = statusByCode[code];
  if (!status) return undefined;
  return { messageId: u.key.id, chatId: preferPhone(u.key.remoteJid, u.key.remoteJidAlt), status, timestamp: Math.floor(Date.now() / 1000) };
}

/** message-receipt.update carries per-participant receipts (groups). */
export function statusFromReceipt(r: MessageUserReceiptUpdate): StatusEvent | undefined {
  if (!r.key.id) return undefined;
  const { playedTimestamp, readTimestamp, receiptTimestamp, userJid } = r.receipt;
  const [status, at] = playedTimestamp
    ? (['played', playedTimestamp] as const)
    : readTimestamp
      ? (['read', readTimestamp] as const)
      : receiptTimestamp
        ? (['delivered', receiptTimestamp] as const)
        : [undefined, undefined];
  if (!status) return undefined;
  return {
    messageId: r.key.id,
    chatId: preferPhone(r.key.remoteJid, r.key.remoteJidAlt),
    status,
    ...(userJid ? { participant: jidNormalizedUser(userJid) } : {}),
    timestamp: toNumber(at as number),
  };
}
