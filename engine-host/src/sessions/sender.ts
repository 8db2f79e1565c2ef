import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { toNumber } from '@whiskeysockets/baileys';
import type { Command } from '../bus/commands.js';
import { isMediaContent, type MediaRef, type MessageContent } from '../bus/content.js';
import { nowSeconds } from '../bus/envelope.js';
import { disconnectCode, SendError } from '../drivers/driver.js';
import { MediaError, type MediaStore } from '../media/media-store.js';
import type { PollStore } from '../polls/poll-store.js';
import { errorText } from '../log.js';
import { distinctJids, isGroup, isPhoneJid, phoneOf, toJid } from './jids.js';
import { toBaileysSend } from './outbound-content.js';
import type { Session } from './session.js';
import { HandoverError } from '../cluster/handover.js';

// One outbound message on a ready session: "on WhatsApp" check, the media
// bytes from Blob storage, the poll secret stored, optional typing presence,
// then the send under a message id chosen by the caller.

type Send = Extract<Command, { type: 'message.send' }>;

// Codes that mean the connection dropped mid-send: the message may go through on retry.
const transientCodes = new Set([408, 428, 440, 500, 503, 515]);

export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof MediaError) return new SendError(err.code, err.retryable, err.message);
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError') return new SendError('session_stopped', true);
  const code = disconnectCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code !== undefined && transientCodes.has(code)) return new SendError('connection_lost', true, text);
  const errno = (err as { code?: unknown } | null)?.code;
  // Network errors while uploading the encrypted file to WhatsApp's media servers.
  if (typeof errno === 'string' && /^E[A-Z]+/.test(errno)) return new SendError('media_unreachable', true, text);
  return new SendError('send_failed', false, text);
}

/** Reads the file and checks it is the one the command describes. */
async function readMedia(store: MediaStore, ref: MediaRef): Promise<Buffer> {
  const file = await store.read(ref.blob);
  if (ref.size !== undefined && file.size !== ref.size) {
    throw new SendError('media_mismatch', false, `blob ${ref.blob} has ${file.size} bytes, the command says ${ref.size}`);
  }
  if (ref.sha256 !== undefined && file.sha256 !== ref.sha256) {
    throw new SendError('media_mismatch', false, `blob ${ref.blob} does not have the sha256 the command gives`);
  }
  return file.bytes;
}

export function makeSender(opts: { sendReadyWaitMs: number; maxTypingMs: number; media: MediaStore; polls: PollStore }) {
  // Numbers already confirmed on WhatsApp; saves one query per message to a known contact.
  const verified = new Set<string>();

  /** The poll's secret, stored before the send so votes can be read whatever happens next; a retry reuses it. */
  async function pollSecret(session: Session, messageId: string, jid: string, c: Extract<MessageContent, { kind: 'poll' }>): Promise<Uint8Array> {
    try {
      const prior = await opts.polls.get(session.sessionId, messageId);
      if (prior) return Buffer.from(prior.secret, 'base64');
      const secret = randomBytes(32);
      const me = session.meIds();
      await opts.polls.put(session.sessionId, messageId, {
        chatId: jid,
        name: c.name,
        options: c.options,
        selectableCount: c.selectableCount ?? 1,
        secret: secret.toString('base64'),
        creators: distinctJids(me?.id, me?.lid),
      });
      return secret;
    } catch (err) {
      throw new SendError('storage_unavailable', true, `storing the poll secret failed: ${errorText(err)}`);
    }
  }

  return {
    async send(session: Session, cmd: Send, messageId: string): Promise<{ messageId: string; to: string; timestamp: number }> {
      let jid: string;
      try {
        jid = toJid(cmd.to);
      } catch (err) {
        throw new SendError('invalid_recipient', false, (err as Error).message);
      }
      const reply = cmd.options.replyTo;
      if (reply && isGroup(jid) && !reply.fromMe && !reply.participant) {
        throw new SendError('invalid_request', false, 'options.replyTo.participant is required when replying to someone else in a group');
      }
      const sock = await session.waitReady(opts.sendReadyWaitMs);
      if (!sock) throw new SendError('session_not_ready', true);
      const signal = session.signal;
      try {
        const key = `${session.sessionId}\n${jid}`;
        if (isPhoneJid(jid) && cmd.content.kind !== 'reaction' && !verified.has(key)) {
          const found = await sock.onWhatsApp(phoneOf(jid));
          if (!found?.some((r) => r.exists)) throw new SendError('not_on_whatsapp', false, `${phoneOf(jid)} is not on WhatsApp`);
          verified.add(key);
        }
        const media = isMediaContent(cmd.content) ? await readMedia(opts.media, cmd.content.media) : undefined;
        const secret = cmd.content.kind === 'poll' ? await pollSecret(session, messageId, jid, cmd.content) : undefined;
        const typingMs = Math.min(Math.max(0, cmd.options.typingMs ?? 0), opts.maxTypingMs);
        if (typingMs > 0) {
          await sock.sendPresenceUpdate('composing', jid);
          await sleep(typingMs, undefined, { signal });
          await sock.sendPresenceUpdate('paused', jid);
        }
        signal.throwIfAborted();
        session.assertOwned();
        const out = toBaileysSend(cmd.content, jid, { messageId, options: cmd.options, ...(media ? { media } : {}), ...(secret ? { pollSecret: secret } : {}) });
        const sent = await sock.sendMessage(jid, out.content, out.options);
        const ts = sent?.messageTimestamp;
        return { messageId: sent?.key.id ?? messageId, to: jid, timestamp: ts == null ? nowSeconds() : toNumber(ts) };
      } catch (err) {
        if (err instanceof HandoverError) throw err;
        throw toSendError(err);
      }
    },
  };
}
