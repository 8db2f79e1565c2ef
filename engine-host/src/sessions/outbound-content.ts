import type { AnyMessageContent, MiscMessageGenerationOptions, WAMessage } from '@whiskeysockets/baileys';
import type { SendOptions } from '../bus/commands.js';
import type { MessageContent } from '../bus/content.js';
import { buildVcard } from '../util/vcard.js';

// message.send → what Baileys' sendMessage takes: the content (media as the
// bytes read from Blob storage), and the options (our message id, the quoted
// message for a reply). Mentions ride on the content; Baileys puts them into
// the message's contextInfo.

export type BaileysSend = { content: AnyMessageContent; options: MiscMessageGenerationOptions };

export type SendInputs = {
  messageId: string;
  options: SendOptions;
  /** the file's bytes, for media kinds */
  media?: Buffer;
  /** the poll's encryption secret, for polls (stored before sending so votes stay readable) */
  pollSecret?: Uint8Array;
};

/** The message a reply quotes. Baileys copies its key into contextInfo (stanzaId, participant) and its body as the preview. */
export function quotedMessage(jid: string, replyTo: NonNullable<SendOptions['replyTo']>): WAMessage {
  return {
    key: { remoteJid: jid, fromMe: replyTo.fromMe, id: replyTo.id, ...(replyTo.participant && !replyTo.fromMe ? { participant: replyTo.participant } : {}) },
    message: { conversation: replyTo.body ?? '' },
  };
}

function bytes(inputs: SendInputs, kind: string): Buffer {
  if (!inputs.media) throw new Error(`${kind} content needs the media bytes`);
  return inputs.media;
}

function content(c: MessageContent, jid: string, inputs: SendInputs): AnyMessageContent {
  switch (c.kind) {
    case 'text':
      return { text: c.text };
    case 'image':
      return { image: bytes(inputs, c.kind), mimetype: c.media.mimetype, ...(c.caption ? { caption: c.caption } : {}), ...(c.viewOnce ? { viewOnce: true } : {}) };
    case 'video':
      return { video: bytes(inputs, c.kind), mimetype: c.media.mimetype, ...(c.caption ? { caption: c.caption } : {}), ...(c.viewOnce ? { viewOnce: true } : {}) };
    case 'audio':
      return { audio: bytes(inputs, c.kind), mimetype: c.media.mimetype, ptt: c.ptt ?? false, ...(c.viewOnce ? { viewOnce: true } : {}) };
    case 'document':
      return {
        document: bytes(inputs, c.kind),
        mimetype: c.media.mimetype,
        fileName: c.media.fileName ?? 'file',
        ...(c.caption ? { caption: c.caption } : {}),
      };
    case 'sticker':
      return { sticker: bytes(inputs, c.kind), mimetype: c.media.mimetype };
    case 'location':
      return {
        location: {
          degreesLatitude: c.latitude,
          degreesLongitude: c.longitude,
          ...(c.name ? { name: c.name } : {}),
          ...(c.address ? { address: c.address } : {}),
        },
      };
    case 'contact':
      return { contacts: { displayName: c.fullName, contacts: [{ displayName: c.fullName, vcard: buildVcard(c) }] } };
    case 'poll':
      if (!inputs.pollSecret) throw new Error('poll content needs its secret');
      return { poll: { name: c.name, values: c.options, selectableCount: c.selectableCount ?? 1, messageSecret: inputs.pollSecret } };
    case 'reaction':
      return {
        react: {
          text: c.emoji,
          key: { remoteJid: jid, id: c.messageId, fromMe: c.fromMe ?? false, ...(c.participant ? { participant: c.participant } : {}) },
        },
      };
  }
}

export function toBaileysSend(c: MessageContent, jid: string, inputs: SendInputs): BaileysSend {
  const base = content(c, jid, inputs);
  const mentions = inputs.options.mentions;
  // Baileys applies `mentions` to any content kind at run time; its types list only some.
  const withMentions = mentions?.length ? ({ ...base, mentions } as AnyMessageContent) : base;
  const replyTo = inputs.options.replyTo;
  return {
    content: withMentions,
    options: { messageId: inputs.messageId, ...(replyTo ? { quoted: quotedMessage(jid, replyTo) } : {}) },
  };
}
