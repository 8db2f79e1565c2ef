import { getContentType, isJidStatusBroadcast, jidNormalizedUser, normalizeMessageContent, toNumber, WAMessageStatus } from '@whiskeysockets/baileys';
import type { MessageUserReceiptUpdate, proto, WAMessage, WAMessageKey, WAMessageUpdate } from '@whiskeysockets/baileys';
import type { DeliveryStatus, EventMap, MessageType, ReceivedMessage } from '../bus/events.js';
import { isGroup } from './jids.js';

// Baileys message objects → the bus's message.received / message.status shapes.
// Both drivers feed this: the simulator emits real WAMessage objects.

/** Phone-number jid when WhatsApp addressed the chat by LID and told us the number too. */
function preferPhone(jid: string | null | undefined, alt: string | null | undefined): string {
  const chosen = jid?.endsWith('@lid') && alt?.endsWith('@s.whatsapp.net') ? alt : jid ?? '';
  return chosen.includes('@') ? jidNormalizedUser(chosen) : chosen;
}

type Mapped = Pick<ReceivedMessage, 'type' | 'body'> & Partial<Pick<ReceivedMessage, 'media' | 'location' | 'quotedId'>>;

function media(m: { mimetype?: string | null; caption?: string | null; fileLength?: unknown; fileName?: string | null }): ReceivedMessage['media'] {
  const size = m.fileLength == null ? undefined : toNumber(m.fileLength as number);
  return {
    ...(m.mimetype ? { mimetype: m.mimetype } : {}),
    ...(m.fileName ? { filename: m.fileName } : {}),
    ...(m.caption ? { caption: m.caption } : {}),
    ...(size !== undefined ? { size } : {}),
  };
}

function mapContent(content: proto.IMessage): Mapped | undefined {
  const type = getContentType(content);
  switch (type) {
    case 'conversation':
      return { type: 'text', body: content.conversation ?? '' };
    case 'extendedTextMessage':
      return { type: 'text', body: content.extendedTextMessage?.text ?? '' };
    case 'imageMessage':
    case 'videoMessage':
    case 'audioMessage':
    case 'documentMessage':
    case 'stickerMessage': {
      const m = content[type] ?? {};
      const kind = type.replace('Message', '') as MessageType;
      return { type: kind, body: ('caption' in m ? m.caption : undefined) ?? '', media: media(m) };
    }
    case 'locationMessage':
    case 'liveLocationMessage': {
      const m = content[type] ?? {};
      const lat = m.degreesLatitude ?? 0;
      const lng = m.degreesLongitude ?? 0;
      const name = 'name' in m ? m.name ?? undefined : undefined;
      return { type: 'location', body: name ?? `${lat},${lng}`, location: { latitude: lat, longitude: lng, ...(name ? { name } : {}) } };
    }
    case 'contactMessage':
      return { type: 'contact', body: content.contactMessage?.displayName ?? '' };
    case 'contactsArrayMessage':
      return { type: 'contact', body: content.contactsArrayMessage?.displayName ?? '' };
    case 'pollCreationMessage':
    case 'pollCreationMessageV2':
    case 'pollCreationMessageV3':
      return { type: 'poll', body: content[type]?.name ?? '' };
    case 'reactionMessage': {
      const target = content.reactionMessage?.key?.id;
      return { type: 'reaction', body: content.reactionMessage?.text ?? '', ...(target ? { quotedId: target } : {}) };
    }
    // Signalling, not something a person wrote: key distribution, revokes, edits, history sync.
    case 'protocolMessage':
    case 'senderKeyDistributionMessage':
    case 'messageContextInfo':
    case undefined:
      return undefined;
    default:
      return { type: 'unknown', body: '' };
  }
}

function contextOf(content: proto.IMessage): proto.IContextInfo | undefined {
  const type = getContentType(content);
  const inner = type ? (content[type] as { contextInfo?: proto.IContextInfo | null } | null | undefined) : undefined;
  return inner && typeof inner === 'object' ? inner.contextInfo ?? undefined : undefined;
}

export function toReceivedMessage(msg: WAMessage, meId: string | undefined): ReceivedMessage | undefined {
  const key: WAMessageKey = msg.key;
  if (!key.remoteJid || !key.id || isJidStatusBroadcast(key.remoteJid) || key.remoteJid.endsWith('@newsletter')) return undefined;
  const content = normalizeMessageContent(msg.message);
  if (!content) return undefined;
  const mapped = mapContent(content);
  if (!mapped) return undefined;
  const chatId = preferPhone(key.remoteJid, key.remoteJidAlt);
  const group = isGroup(chatId);
  const author = group ? preferPhone(key.participant, key.participantAlt) : undefined;
  const fromMe = key.fromMe === true;
  const from = fromMe ? meId ?? '' : group ? author ?? '' : chatId;
  const quotedId = mapped.quotedId ?? contextOf(content)?.stanzaId ?? undefined;
  return {
    id: key.id,
    chatId,
    from,
    ...(author ? { author } : {}),
    ...(msg.pushName ? { pushName: msg.pushName } : {}),
    fromMe,
    isGroup: group,
    timestamp: msg.messageTimestamp == null ? Math.floor(Date.now() / 1000) : toNumber(msg.messageTimestamp),
    type: mapped.type,
    body: mapped.body,
    ...(quotedId ? { quotedId } : {}),
    ...(mapped.media ? { media: mapped.media } : {}),
    ...(mapped.location ? { location: mapped.location } : {}),
  };
}

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
