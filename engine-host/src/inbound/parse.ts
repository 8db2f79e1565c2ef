import { isJidStatusBroadcast, normalizeMessageContent, proto, toNumber } from '@whiskeysockets/baileys';
import type { WAMessage } from '@whiskeysockets/baileys';
import type { EventMap, ReceivedMessage } from '../bus/events.js';
import { distinctJids, isGroup, normalize, preferPhone } from '../sessions/jids.js';
import { contextOf, editedBody, mapContent, type MediaMeta } from './content.js';

// One upserted Baileys message → what it means for the bus: a message someone
// wrote, or a reaction, edit, delete-for-everyone or poll vote about an earlier
// one. Pure: no I/O. Both drivers feed it (the simulator emits real WAMessages).

/** Our own account: the device jid and, when WhatsApp gave us one, our LID. */
export type MeIds = { id: string; lid?: string };

/** A poll's encryption secret and whom the poll's author might be, as votes are encrypted to it. */
export type PollSecret = { secret: Uint8Array; creators: string[] };

export type InboundItem =
  | { kind: 'message'; chatId: string; message: ReceivedMessage; media?: MediaMeta; pollSecret?: PollSecret }
  | { kind: 'reaction'; chatId: string; event: EventMap['message.reaction'] }
  | { kind: 'edit'; chatId: string; event: EventMap['message.edited'] }
  | { kind: 'revoke'; chatId: string; event: EventMap['message.revoked'] }
  | {
      kind: 'vote';
      chatId: string;
      pollId: string;
      voter: string;
      /** jids the voter's client may have encrypted to (PN and LID forms) */
      voterIds: string[];
      vote: proto.Message.IPollEncValue;
      timestamp: number;
    };

const seconds = (msg: WAMessage): number => (msg.messageTimestamp == null ? Math.floor(Date.now() / 1000) : toNumber(msg.messageTimestamp));
const fromMs = (ms: number | Long | null | undefined, fallback: number): number => {
  const n = ms == null ? 0 : toNumber(ms as number);
  return n > 0 ? Math.floor(n / 1000) : fallback;
};
type Long = { low: number; high: number; unsigned: boolean };

const meJids = (me: MeIds | undefined): string[] => distinctJids(me?.id, me?.lid);

function isViewOnce(msg: WAMessage, media: MediaMeta | undefined): boolean {
  const m = msg.message;
  return Boolean(m?.viewOnceMessage || m?.viewOnceMessageV2 || m?.viewOnceMessageV2Extension || msg.key.isViewOnce || media?.viewOnce);
}

function secretOf(msg: WAMessage, content: proto.IMessage): Uint8Array | undefined {
  const s = msg.message?.messageContextInfo?.messageSecret ?? content.messageContextInfo?.messageSecret;
  return s && s.length ? s : undefined;
}

export function parseUpsert(msg: WAMessage, me: MeIds | undefined): InboundItem | undefined {
  const key = msg.key;
  if (!key.remoteJid || !key.id || isJidStatusBroadcast(key.remoteJid) || key.remoteJid.endsWith('@newsletter')) return undefined;
  const content = normalizeMessageContent(msg.message);
  if (!content) return undefined;
  const chatId = preferPhone(key.remoteJid, key.remoteJidAlt);
  const group = isGroup(chatId);
  const author = group ? preferPhone(key.participant, key.participantAlt) : undefined;
  const fromMe = key.fromMe === true;
  const from = fromMe ? normalize(me?.id) : group ? author ?? '' : chatId;
  const timestamp = seconds(msg);
  // Who sent this, in every form a vote or poll may have been encrypted with.
  const senderIds = fromMe ? meJids(me) : group ? distinctJids(key.participantAlt, key.participant) : distinctJids(key.remoteJidAlt, key.remoteJid);

  const protocol = content.protocolMessage;
  if (protocol) {
    const target = protocol.key?.id;
    if (!target) return undefined;
    if (protocol.type === proto.Message.ProtocolMessage.Type.REVOKE) {
      return { kind: 'revoke', chatId, event: { messageId: target, chatId, from, timestamp } };
    }
    if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
      const at = fromMs(protocol.timestampMs, timestamp);
      return { kind: 'edit', chatId, event: { messageId: target, chatId, from, body: editedBody(normalizeMessageContent(protocol.editedMessage)), timestamp: at } };
    }
    return undefined; // history sync, key shares, ephemeral settings…: not news for the bus
  }

  const reaction = content.reactionMessage;
  if (reaction) {
    const target = reaction.key?.id;
    if (!target) return undefined;
    return {
      kind: 'reaction',
      chatId,
      event: {
        messageId: target,
        chatId,
        from,
        emoji: reaction.text ?? '',
        fromMe,
        targetFromMe: reaction.key?.fromMe === true,
        timestamp: fromMs(reaction.senderTimestampMs, timestamp),
      },
    };
  }

  const pollUpdate = content.pollUpdateMessage;
  if (pollUpdate) {
    const pollId = pollUpdate.pollCreationMessageKey?.id;
    if (!pollId || !pollUpdate.vote) return undefined;
    return { kind: 'vote', chatId, pollId, voter: from, voterIds: senderIds, vote: pollUpdate.vote, timestamp: fromMs(pollUpdate.senderTimestampMs, timestamp) };
  }

  const mapped = mapContent(content);
  if (!mapped) return undefined;
  const ctx = contextOf(content);
  const replyId = ctx?.stanzaId ?? undefined;
  const replyParticipant = ctx?.participant ? normalize(ctx.participant) : undefined;
  const { media, ...details } = mapped;
  const message: ReceivedMessage = {
    id: key.id,
    chatId,
    from,
    ...(author ? { author } : {}),
    ...(msg.pushName ? { pushName: msg.pushName } : {}),
    fromMe,
    isGroup: group,
    timestamp,
    ...details,
    ...(replyId ? { quotedId: replyId, replyTo: { id: replyId, ...(replyParticipant ? { participant: replyParticipant } : {}) } } : {}),
    mentions: (ctx?.mentionedJid ?? []).filter(Boolean).map((j) => normalize(j)),
    viewOnce: isViewOnce(msg, media),
  };
  const secret = mapped.type === 'poll' ? secretOf(msg, content) : undefined;
  return {
    kind: 'message',
    chatId,
    message,
    ...(media ? { media } : {}),
    ...(secret ? { pollSecret: { secret, creators: senderIds } } : {}),
  };
}
