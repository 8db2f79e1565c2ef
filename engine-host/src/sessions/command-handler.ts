import type { Command, ParsedCommand } from '../bus/commands.js';
import { BadEnvelopeError } from '../bus/envelope.js';
import type { EventSink } from '../bus/events.js';
import type { Driver } from '../drivers/driver.js';
import type { Log } from '../log.js';
import type { SessionManager } from './manager.js';
import { makeSender, toSendError } from './sender.js';
import { messageIdFor, type SentStore } from './sent-store.js';

// Executes one command. Every branch is safe to run twice: the queue delivers
// at least once, and a command whose handler crashed is handled again.

type Send = Extract<Command, { type: 'message.send' }>;

export function makeCommandHandler(deps: {
  manager: SessionManager;
  sent: SentStore;
  events: EventSink;
  driver: Driver;
  log: Log;
  sendReadyWaitMs: number;
  maxTypingMs: number;
}) {
  const { manager, sent, events, driver } = deps;
  const sender = makeSender(deps);

  async function send(sessionId: string, cmd: Send): Promise<void> {
    const { clientMessageId } = cmd;
    const prior = await sent.get(sessionId, clientMessageId);
    if (prior?.state === 'sent') {
      await events.publish(sessionId, 'message.sent', { clientMessageId, messageId: prior.messageId, to: prior.to, timestamp: prior.timestamp, duplicate: true });
      return;
    }
    if (prior?.state === 'failed') {
      await events.publish(sessionId, 'message.failed', { clientMessageId, error: prior.error, retryable: false, ...(prior.detail ? { detail: prior.detail } : {}), duplicate: true });
      return;
    }
    const messageId = prior?.messageId ?? messageIdFor(sessionId, clientMessageId);
    if (!prior) await sent.put(sessionId, clientMessageId, { state: 'pending', messageId, to: cmd.to });
    const session = manager.ensure(sessionId);
    try {
      const result = await sender.send(session, cmd, messageId);
      await sent.put(sessionId, clientMessageId, { state: 'sent', ...result });
      await events.publish(sessionId, 'message.sent', { clientMessageId, ...result });
    } catch (err) {
      const failure = toSendError(err);
      // Retryable failures keep the pending record (same message id next time); final ones are remembered.
      if (!failure.retryable) {
        await sent.put(sessionId, clientMessageId, { state: 'failed', messageId, to: cmd.to, error: failure.code, detail: failure.message });
      }
      deps.log.info('send failed', { sessionId, error: failure.code, retryable: failure.retryable });
      await events.publish(sessionId, 'message.failed', {
        clientMessageId,
        error: failure.code,
        retryable: failure.retryable,
        ...(failure.message !== failure.code ? { detail: failure.message } : {}),
      });
    }
  }

  async function check(sessionId: string, requestId: string, numbers: string[]): Promise<void> {
    const sock = await manager.ensure(sessionId).waitReady(deps.sendReadyWaitMs);
    const digits = numbers.map((n) => n.replace(/\D/g, ''));
    if (!sock) {
      await events.publish(sessionId, 'contacts.check.result', { requestId, results: [], error: 'session_not_ready' });
      return;
    }
    const found = digits.some(Boolean) ? ((await sock.onWhatsApp(...digits.filter(Boolean))) ?? []) : [];
    const results = numbers.map((number, i) => {
      const hit = found.find((f) => f.exists && f.jid.startsWith(`${digits[i]}@`));
      return { number, exists: Boolean(hit), ...(hit ? { jid: hit.jid } : {}) };
    });
    await events.publish(sessionId, 'contacts.check.result', { requestId, results });
  }

  return async function handle({ envelope, command }: ParsedCommand): Promise<void> {
    const { sessionId } = envelope;
    switch (command.type) {
      case 'session.start':
        return manager.ensure(sessionId).start(command.pairingPhone ? { pairingPhone: command.pairingPhone } : {});
      case 'session.stop':
        return manager.ensure(sessionId).stop('stop');
      case 'session.logout':
        return manager.ensure(sessionId).logout();
      case 'message.send':
        return send(sessionId, command);
      case 'contacts.check':
        return check(sessionId, command.requestId, command.numbers);
      default:
        if (!driver.simulate) throw new BadEnvelopeError(`${command.type} needs WA_ENGINE=simulator`);
        return driver.simulate(sessionId, command, envelope.id);
    }
  };
}

export type CommandHandler = ReturnType<typeof makeCommandHandler>;
