import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { MessageContent } from '../bus/content.js';

// message.send content → what Baileys' sendMessage takes. Media goes by URL:
// Baileys streams the URL while encrypting and uploading it.

export function vcard(name: string, phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const safeName = name.replace(/[\r\n;]/g, ' ');
  return ['BEGIN:VCARD', 'VERSION:3.0', `FN:${safeName}`, `TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`, 'END:VCARD'].join('\n');
}

export function toBaileysContent(content: MessageContent, jid: string): AnyMessageContent {
  switch (content.kind) {
    case 'text':
      return { text: content.text };
    case 'image':
      return { image: { url: content.url }, caption: content.caption, ...(content.mimetype ? { mimetype: content.mimetype } : {}) };
    case 'video':
      return { video: { url: content.url }, caption: content.caption, ...(content.mimetype ? { mimetype: content.mimetype } : {}) };
    case 'audio':
      return { audio: { url: content.url }, mimetype: content.mimetype ?? 'audio/mp4', ptt: content.ptt ?? false };
    case 'document':
      return {
        document: { url: content.url },
        mimetype: content.mimetype ?? 'application/octet-stream',
        ...(content.filename ? { fileName: content.filename } : {}),
        ...(content.caption ? { caption: content.caption } : {}),
      };
    case 'sticker':
      return { sticker: { url: content.url } };
    case 'location':
      return {
        location: {
          degreesLatitude: content.latitude,
          degreesLongitude: content.longitude,
          ...(content.name ? { name: content.name } : {}),
          ...(content.address ? { address: content.address } : {}),
        },
      };
    case 'contact':
      return { contacts: { displayName: content.name, contacts: [{ displayName: content.name, vcard: vcard(content.name, content.phone) }] } };
    case 'poll':
      return { poll: { name: content.name, values: content.options, selectableCount: content.selectableCount ?? 1 } };
    case 'reaction':
      return {
        react: {
          text: content.emoji,
          key: { remoteJid: jid, id: content.messageId, fromMe: content.fromMe ?? false, ...(content.participant ? { participant: content.participant } : {}) },
        },
      };
  }
}
