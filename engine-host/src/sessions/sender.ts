import { setTimeout as sleep } from 'node:timers/promises';
import { toNumber } from '@whiskeysockets/baileys';
import type { Command } from '../bus/commands.js';
import { nowSeconds } from '../bus/envelope.js';
import { disconnectCode, SendError } from '../drivers/driver.js';
import { isPhoneJid, phoneOf, toJid } from './jids.js';
import { toBaileysContent } from './outbound-content.js';
import type { Session } from './session.js';

// One outbound message on a ready session: "on WhatsApp" check, optional
// typing presence, then the send under a message id chosen by the caller.

type Send = Extract<Command, { type: 'message.send' }>;

// Codes that mean the connection dropped mid-send: the message may go through on retry.
const transientCodes = new Set([408, 428, 440, 500, 503, 515]);

export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError') return new SendError('session_stopped', true);
  const code = disconnectCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code !== undefined && transientCodes.has(code)) return new SendError('connection_lost', true, text);
  const errno = (err as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && /^E[A-Z]+/.test(errno)) return new SendError('media_unreachable', true, text);
  return new SendError('send_failed', false, text);
}

export function makeSender(opts: { sendReadyWaitMs: number; maxTypingMs: number }) {
  // Numbers already confirmed on WhatsApp; saves one query per message to a known contact.
  const verified = new Set<string>();

  return {
    async send(session: Session, cmd: Send, messageId: string): Promise<{ messageId: string; to: string; timestamp: number }> {
      let jid: string;
      try {
        jid = toJid(cmd.to);
      } catch (err) {
        throw new SendError('invalid_recipient', false, (err as Error).message);
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
        const typingMs = Math.min(Math.max(0, cmd.options.typingMs ?? 0), opts.maxTypingMs);
        if (typingMs > 0) {
          await sock.sendPresenceUpdate('composing', jid);
          await sleep(typingMs, undefined, { signal });
          await sock.sendPresenceUpdate('paused', jid);
        }
        signal.throwIfAborted();
        const sent = await sock.sendMessage(jid, toBaileysContent(cmd.content, jid), { messageId });
        const ts = sent?.messageTimestamp;
        return { messageId: sent?.key.id ?? messageId, to: jid, timestamp: ts == null ? nowSeconds() : toNumber(ts) };
      } catch (err) {
        throw toSendError(err);
      }
    },
  };
}
