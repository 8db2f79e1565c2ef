import { createHash, randomBytes } from 'node:crypto';
import { proto } from '@whiskeysockets/baileys';
import type { WAMessage, WAMessageKey } from '@whiskeysockets/baileys';
import type { SimCommand, SimInboundContent, SimOrigin, SimReplyTo } from '../../bus/sim-commands.js';
import { BadEnvelopeError, nowSeconds } from '../../bus/envelope.js';
import type { MediaStore } from '../../media/media-store.js';
import { isGroup, toJid } from '../../sessions/jids.js';
import { buildVcard } from '../../util/vcard.js';
import { mediaFields } from './sim-media.js';
import { encryptPollVote, type SimPoll } from './sim-polls.js';

// Builds the WAMessage objects a real phone would produce, so simulated
// traffic goes through the same parsing code as real traffic: messages of
// every kind, reactions, edits, deletes for everyone and encrypted poll votes.

type Inbound = Extract<SimCommand, { type: 'sim.inbound' }>;

/** Inbound ids derive from the command id: a redelivered sim.* command yields the same message. */
export function inboundId(sessionId: string, commandId: string): string {
  return 'SIM' + createHash('sha256').update(`${sessionId}\n${commandId}`).digest('hex').slice(0, 17).toUpperCase();
}

/** The chat and sender of a simulated message. */
export function origin(o: SimOrigin): { remoteJid: string; participant?: string; sender: string } {
  const group = o.from.endsWith('@g.us');
  const broadcast = o.from === 'status@broadcast';
  if (group && !o.author) throw new BadEnvelopeError('a simulated message in a group needs data.author (the sender number)');
  const remoteJid = group || broadcast ? o.from : toJid(o.from);
  const participant = o.author && (group || broadcast) ? toJid(o.author) : undefined;
  return { remoteJid, ...(participant ? { participant } : {}), sender: participant ?? remoteJid };
}

function key(o: SimOrigin, id: string): WAMessageKey {
  const { remoteJid, participant } = origin(o);
  return { remoteJid, fromMe: false, id, ...(participant ? { participant } : {}) };
}

function envelope(o: SimOrigin, id: string, message: proto.IMessage): WAMessage {
  return { key: key(o, id), message, messageTimestamp: nowSeconds(), ...(o.name ? { pushName: o.name } : {}) };
}

function contextInfo(replyTo: SimReplyTo | undefined, mentions: string[]): proto.IContextInfo | undefined {
  if (!replyTo && mentions.length === 0) return undefined;
  return {
    ...(replyTo ? { stanzaId: replyTo.id, ...(replyTo.participant ? { participant: toJid(replyTo.participant) } : {}) } : {}),
    ...(mentions.length ? { mentionedJid: mentions } : {}),
  };
}

async function content(
  c: SimInboundContent,
  id: string,
  ctx: { media: MediaStore; chatId: string; sentTo: Map<string, string> },
  info: proto.IContextInfo | undefined,
): Promise<{ message: proto.IMessage; secret?: Uint8Array }> {
  const withCtx = info ? { contextInfo: info } : {};
  switch (c.kind) {
    case 'text':
      return { message: info ? { extendedTextMessage: { text: c.text, contextInfo: info } } : { conversation: c.text } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const fields = await mediaFields(ctx.media, 'sample' in c ? { sample: c.kind, id } : { ref: c.media });
      const caption = 'caption' in c ? c.caption : undefined;
      const inner = { ...fields, ...(caption ? { caption } : {}), ...withCtx };
      const ptt = c.kind === 'audio' && ('sample' in c || c.ptt) ? { ptt: true } : {};
      const m = mediaMessage(c.kind, { ...inner, ...ptt });
      const viewOnce = 'viewOnce' in c && c.viewOnce === true;
      return { message: viewOnce ? { viewOnceMessageV2: { message: m } } : m };
    }
    case 'location':
      return {
        message: {
          locationMessage: {
            degreesLatitude: c.latitude,
            degreesLongitude: c.longitude,
            ...(c.name ? { name: c.name } : {}),
            ...(c.address ? { address: c.address } : {}),
            ...withCtx,
          },
        },
      };
    case 'contact':
      return { message: { contactMessage: { displayName: c.fullName, vcard: buildVcard(c), ...withCtx } } };
    case 'poll': {
      // As Baileys builds it: single choice as V3, otherwise V1; the secret in messageContextInfo.
      const secret = randomBytes(32);
      const poll = { name: c.name, options: c.options.map((optionName) => ({ optionName })), selectableOptionsCount: c.selectableCount ?? 1, ...withCtx };
      const body = (c.selectableCount ?? 1) === 1 ? { pollCreationMessageV3: poll } : { pollCreationMessage: poll };
      return { message: { ...body, messageContextInfo: { messageSecret: secret } }, secret };
    }
    case 'reaction':
      return { message: reactionMessage(ctx.chatId, c.messageId, c.emoji, ctx.sentTo, c.fromMe, c.participant) };
  }
}

function mediaMessage(kind: 'image' | 'video' | 'audio' | 'document' | 'sticker', inner: proto.Message.IImageMessage & proto.Message.IAudioMessage & proto.Message.IDocumentMessage): proto.IMessage {
  switch (kind) {
    case 'image':
      return { imageMessage: inner };
    case 'video':
      return { videoMessage: inner };
    case 'audio':
      return { audioMessage: inner };
    case 'document':
      return { documentMessage: inner };
    case 'sticker':
      return { stickerMessage: inner };
  }
}

function reactionMessage(chatId: string, target: string, emoji: string, sentTo: Map<string, string>, fromMe?: boolean, participant?: string): proto.IMessage {
  // From the engine's side (Baileys normalises the key so): fromMe = the reacted-to message is ours.
  return {
    reactionMessage: {
      key: { remoteJid: chatId, id: target, fromMe: fromMe ?? sentTo.has(target), ...(participant ? { participant } : {}) },
      text: emoji,
      senderTimestampMs: Date.now(),
    },
  };
}

export async function buildInbound(
  cmd: Inbound,
  id: string,
  ctx: { media: MediaStore; sentTo: Map<string, string> },
): Promise<{ msg: WAMessage; poll?: SimPoll }> {
  const o = origin(cmd);
  const built = await content(cmd.content, id, { ...ctx, chatId: o.remoteJid }, contextInfo(cmd.replyTo, cmd.mentions));
  const msg = envelope(cmd, id, built.message);
  if (!built.secret || cmd.content.kind !== 'poll') return { msg };
  return { msg, poll: { chatId: o.remoteJid, fromMe: false, creatorJid: o.sender, options: cmd.content.options, secret: built.secret } };
}

export function buildReaction(cmd: Extract<SimCommand, { type: 'sim.reaction' }>, id: string, sentTo: Map<string, string>): WAMessage {
  return envelope(cmd, id, reactionMessage(origin(cmd).remoteJid, cmd.messageId, cmd.emoji, sentTo));
}

export function buildEdit(cmd: Extract<SimCommand, { type: 'sim.edit' }>, id: string): WAMessage {
  const o = origin(cmd);
  // Current clients wrap the edit in editedMessage; Baileys unwraps it (normalizeMessageContent).
  return envelope(cmd, id, {
    editedMessage: {
      message: {
        protocolMessage: {
          key: { remoteJid: o.remoteJid, fromMe: false, id: cmd.messageId, ...(o.participant ? { participant: o.participant } : {}) },
          type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
          editedMessage: { conversation: cmd.body },
          timestampMs: Date.now(),
        },
      },
    },
  });
}

export function buildRevoke(cmd: Extract<SimCommand, { type: 'sim.revoke' }>, id: string): WAMessage {
  const o = origin(cmd);
  return envelope(cmd, id, {
    protocolMessage: {
      key: { remoteJid: o.remoteJid, fromMe: false, id: cmd.messageId, ...(o.participant ? { participant: o.participant } : {}) },
      type: proto.Message.ProtocolMessage.Type.REVOKE,
    },
  });
}

export function buildVote(cmd: Extract<SimCommand, { type: 'sim.vote' }>, id: string, poll: SimPoll): WAMessage {
  const unknown = cmd.options.filter((o) => !poll.options.includes(o));
  if (unknown.length) throw new BadEnvelopeError(`sim.vote: not options of the poll: ${unknown.join(', ')}`);
  const voterJid = toJid(cmd.voter);
  const group = isGroup(poll.chatId);
  if (!group && voterJid !== poll.chatId) throw new BadEnvelopeError('sim.vote: in a 1:1 chat only the other person can vote');
  const vote = encryptPollVote(cmd.options, { pollCreatorJid: poll.creatorJid, pollMsgId: cmd.pollId, pollEncKey: poll.secret, voterJid });
  return {
    key: { remoteJid: poll.chatId, fromMe: false, id, ...(group ? { participant: voterJid } : {}) },
    message: {
      pollUpdateMessage: {
        pollCreationMessageKey: { remoteJid: poll.chatId, fromMe: poll.fromMe, id: cmd.pollId, ...(poll.fromMe || !group ? {} : { participant: poll.creatorJid }) },
        vote,
        senderTimestampMs: Date.now(),
      },
    },
    messageTimestamp: nowSeconds(),
  };
}

/** The outbound message object Baileys would hand back from sendMessage. */
export function buildOutbound(jid: string, id: string, message: proto.IMessage): WAMessage {
  return { key: { remoteJid: jid, fromMe: true, id }, message, messageTimestamp: nowSeconds(), status: 2 };
}
