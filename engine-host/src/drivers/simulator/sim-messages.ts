import { createHash } from 'node:crypto';
import type { proto, WAMessage } from '@whiskeysockets/baileys';
import type { InboundKind } from '../../bus/commands.js';
import { BadEnvelopeError, nowSeconds } from '../../bus/envelope.js';
import { toJid } from '../../sessions/jids.js';
import { vcard } from '../../sessions/outbound-content.js';

// Builds the WAMessage objects a real phone would produce, so simulated
// traffic goes through the same mapping code as real traffic.

export type Inbound = { from: string; author?: string; text: string; name?: string; kind: InboundKind; quotedId?: string };

/** Inbound ids derive from the command id: a redelivered sim.inbound yields the same message. */
export function inboundId(sessionId: string, commandId: string): string {
  return 'SIM' + createHash('sha256').update(`${sessionId}\n${commandId}`).digest('hex').slice(0, 17).toUpperCase();
}

function content(cmd: Inbound, contextInfo: proto.IContextInfo | undefined): proto.IMessage {
  const caption = cmd.text || undefined;
  const ctx = contextInfo ? { contextInfo } : {};
  switch (cmd.kind) {
    case 'text':
      return contextInfo ? { extendedTextMessage: { text: cmd.text, contextInfo } } : { conversation: cmd.text };
    case 'image':
      return { imageMessage: { mimetype: 'image/jpeg', caption, fileLength: 48_213, width: 800, height: 600, ...ctx } };
    case 'video':
      return { videoMessage: { mimetype: 'video/mp4', caption, fileLength: 1_048_576, seconds: 12, ...ctx } };
    case 'audio':
      return { audioMessage: { mimetype: 'audio/ogg; codecs=opus', fileLength: 24_000, seconds: 7, ptt: true, ...ctx } };
    case 'document':
      return { documentMessage: { mimetype: 'application/pdf', fileName: 'document.pdf', caption, fileLength: 102_400, ...ctx } };
    case 'sticker':
      return { stickerMessage: { mimetype: 'image/webp', fileLength: 20_480, ...ctx } };
    case 'location':
      return { locationMessage: { degreesLatitude: 52.5200, degreesLongitude: 13.4050, name: caption, ...ctx } };
    case 'contact':
      return { contactMessage: { displayName: cmd.text || 'Contact', vcard: vcard(cmd.text || 'Contact', '15550000001'), ...ctx } };
  }
}

export function buildInbound(cmd: Inbound, id: string): WAMessage {
  const group = cmd.from.endsWith('@g.us');
  const broadcast = cmd.from === 'status@broadcast';
  if (group && !cmd.author) throw new BadEnvelopeError('sim.inbound from a group needs data.author (the sender number)');
  const remoteJid = group || broadcast ? cmd.from : toJid(cmd.from);
  const participant = cmd.author ? toJid(cmd.author) : undefined;
  const contextInfo = cmd.quotedId ? { stanzaId: cmd.quotedId } : undefined;
  return {
    key: { remoteJid, fromMe: false, id, ...(participant && (group || broadcast) ? { participant } : {}) },
    message: content(cmd, contextInfo),
    messageTimestamp: nowSeconds(),
    ...(cmd.name ? { pushName: cmd.name } : {}),
  };
}

/** The outbound message object Baileys would hand back from sendMessage (content abridged). */
export function buildOutbound(jid: string, id: string, message: proto.IMessage): WAMessage {
  return { key: { remoteJid: jid, fromMe: true, id }, message, messageTimestamp: nowSeconds(), status: 2 };
}
