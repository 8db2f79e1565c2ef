import { getContentType, toNumber } from '@whiskeysockets/baileys';
import type { proto } from '@whiskeysockets/baileys';
import type { MessageType, ReceivedContact, ReceivedMessage } from '../bus/events.js';
import { parseVcard } from '../util/vcard.js';

// What a person wrote, from the (unwrapped) proto content: the type, a body
// for listings, and the structured details per kind. Media here is only what
// the message says about its file; the bytes are fetched by the pipeline.

export type MediaMeta = { mimetype?: string; fileName?: string; caption?: string; ptt?: boolean; size?: number; viewOnce?: boolean };

export type MappedContent = { type: MessageType; body: string } & Partial<Pick<ReceivedMessage, 'location' | 'contact' | 'contacts' | 'poll'>> & {
  media?: MediaMeta;
};

const mediaTypes = ['imageMessage', 'videoMessage', 'audioMessage', 'documentMessage', 'stickerMessage', 'ptvMessage'] as const;
type MediaProtoKey = (typeof mediaTypes)[number];
const isMediaKey = (k: string | undefined): k is MediaProtoKey => (mediaTypes as readonly string[]).includes(k ?? '');

type AnyMedia = {
  mimetype?: string | null;
  caption?: string | null;
  fileLength?: number | Long | null;
  fileName?: string | null;
  ptt?: boolean | null;
  viewOnce?: boolean | null;
};
type Long = { low: number; high: number; unsigned: boolean };

function mediaMeta(m: AnyMedia): MediaMeta {
  const size = m.fileLength == null ? undefined : toNumber(m.fileLength as number);
  return {
    ...(m.mimetype ? { mimetype: m.mimetype } : {}),
    ...(m.fileName ? { fileName: m.fileName } : {}),
    ...(m.caption ? { caption: m.caption } : {}),
    ...(m.ptt ? { ptt: true } : {}),
    ...(size !== undefined && Number.isFinite(size) ? { size } : {}),
    ...(m.viewOnce ? { viewOnce: true } : {}),
  };
}

function contact(c: proto.Message.IContactMessage | null | undefined): ReceivedContact {
  const vcard = c?.vcard ?? '';
  const parsed = parseVcard(vcard);
  const fullName = c?.displayName || parsed.fullName || '';
  return { fullName, ...(parsed.phoneNumber ? { phoneNumber: parsed.phoneNumber } : {}), ...(parsed.organization ? { organization: parsed.organization } : {}), vcard };
}

/** Content types that are signalling rather than something a person wrote (handled elsewhere or ignored). */
const signalling = new Set([
  'protocolMessage', 'senderKeyDistributionMessage', 'messageContextInfo', 'reactionMessage', 'encReactionMessage',
  'pollUpdateMessage', 'encEventResponseMessage', 'keepInChatMessage', 'deviceSentMessage',
]);

export function mapContent(content: proto.IMessage): MappedContent | undefined {
  const type = getContentType(content);
  if (!type || signalling.has(type)) return undefined;
  if (isMediaKey(type)) {
    const m = (content[type] ?? {}) as AnyMedia;
    const kind: MessageType = type === 'ptvMessage' ? 'video' : (type.replace('Message', '') as MessageType);
    return { type: kind, body: m.caption ?? '', media: mediaMeta(m) };
  }
  switch (type) {
    case 'conversation':
      return { type: 'text', body: content.conversation ?? '' };
    case 'extendedTextMessage':
      return { type: 'text', body: content.extendedTextMessage?.text ?? '' };
    case 'locationMessage':
    case 'liveLocationMessage': {
      const m = content[type] ?? {};
      const latitude = m.degreesLatitude ?? 0;
      const longitude = m.degreesLongitude ?? 0;
      const name = 'name' in m ? m.name || undefined : undefined;
      const address = 'address' in m ? m.address || undefined : undefined;
      return {
        type: 'location',
        body: name ?? `${latitude},${longitude}`,
        location: { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) },
      };
    }
    case 'contactMessage': {
      const c = contact(content.contactMessage);
      return { type: 'contact', body: c.fullName, contact: c };
    }
    case 'contactsArrayMessage': {
      const all = (content.contactsArrayMessage?.contacts ?? []).map(contact);
      const first = all[0] ?? { fullName: '', vcard: '' };
      return { type: 'contact', body: content.contactsArrayMessage?.displayName || first.fullName, contact: first, ...(all.length > 1 ? { contacts: all } : {}) };
    }
    case 'pollCreationMessage':
    case 'pollCreationMessageV2':
    case 'pollCreationMessageV3':
    case 'pollCreationMessageV5': {
      const p = content[type] ?? {};
      const name = p.name ?? '';
      const options = (p.options ?? []).map((o) => o.optionName ?? '');
      return { type: 'poll', body: name, poll: { name, options, selectableCount: p.selectableOptionsCount ?? 0 } };
    }
    default:
      return { type: 'unknown', body: '' };
  }
}

/** The text of an edited message's new content. */
export function editedBody(content: proto.IMessage | null | undefined): string {
  if (!content) return '';
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    ''
  );
}

export function contextOf(content: proto.IMessage): proto.IContextInfo | undefined {
  const type = getContentType(content);
  const inner = type ? (content[type] as { contextInfo?: proto.IContextInfo | null } | null | undefined) : undefined;
  return inner && typeof inner === 'object' ? inner.contextInfo ?? undefined : undefined;
}
