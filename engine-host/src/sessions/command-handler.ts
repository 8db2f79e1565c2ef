import type { Command, GroupCommand, ParsedCommand } from '../bus/commands.js';
import { BadEnvelopeError } from '../bus/envelope.js';
import type { CommandResult, CommandResultBody, EventSink } from '../bus/events.js';
import type { Driver, EngineSocket } from '../drivers/driver.js';
import { runGroupCommand } from '../groups/group-commands.js';
import type { Log } from '../log.js';
import type { MediaStore } from '../media/media-store.js';
import type { PollStore } from '../polls/poll-store.js';
import { toCommandError } from './command-errors.js';
import type { SessionManager } from './manager.js';
import type { RequestStore } from './request-store.js';
import { makeSender, toSendError } from './sender.js';
import { messageIdFor, type SentStore } from './sent-store.js';
import { HandoverError } from '../cluster/handover.js';

// Executes one command. Every branch is safe to run twice: the queue delivers
// at least once, and a command whose handler crashed is handled again.
// Request/response commands are answered exactly once per handling, never
// left hanging: a session that is not ready answers session_not_ready.
// Unless this replica lost the session meanwhile (scale-out): then nothing is
// answered and HandoverError hands the command to the session's next owner.

type Send = Extract<Command, { type: 'message.send' }>;
type ChatRead = Extract<Command, { type: 'chat.read' }>;

/** group commands that change something in WhatsApp: their answers are stored and replayed on redelivery */
const writes = new Set<GroupCommand['type']>(['group.create', 'group.update', 'group.participants', 'group.invite', 'group.leave']);

export function makeCommandHandler(deps: {
  manager: SessionManager;
  sent: SentStore;
  requests: RequestStore;
  media: MediaStore;
  polls: PollStore;
  events: EventSink;
  driver: Driver;
  log: Log;
  sendReadyWaitMs: number;
  maxTypingMs: number;
  /** scale-out: does this replica (still) own the session? Absent: always. */
  owns?: (sessionId: string) => boolean;
}) {
  const { manager, sent, requests, events, driver, log } = deps;
  const sender = makeSender(deps);
  const owned = (sessionId: string): boolean => deps.owns?.(sessionId) ?? true;
  const assertOwned = (sessionId: string): void => {
    if (!owned(sessionId)) throw new HandoverError(sessionId);
  };

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
      if (err instanceof HandoverError) throw err;
      const failure = toSendError(err);
      // Cut short because the session moved to another replica: its new owner sends it (same message id).
      if (failure.retryable) assertOwned(sessionId);
      // Retryable failures keep the pending record (same message id next time); final ones are remembered.
      if (!failure.retryable) {
        await sent.put(sessionId, clientMessageId, { state: 'failed', messageId, to: cmd.to, error: failure.code, detail: failure.message });
      }
      log.info('send failed', { sessionId, error: failure.code, retryable: failure.retryable });
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
      assertOwned(sessionId);
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

  /**
   * Runs a request/response command and publishes its one command.result.
   * `store`: the answer is kept and replayed on redelivery instead of acting twice.
   * `unsafeToRepeat`: a redelivery after a crash mid-run answers outcome_unknown rather than running again.
   */
  async function request(
    sessionId: string,
    requestId: string,
    command: string,
    run: (sock: EngineSocket) => Promise<CommandResultBody>,
    opts: { store: boolean; unsafeToRepeat?: boolean },
  ): Promise<void> {
    const answer = (result: CommandResult): Promise<void> => events.publish(sessionId, 'command.result', result);
    if (opts.store) {
      const prior = await requests.get(sessionId, requestId);
      if (prior?.state === 'done') return answer({ ...prior.result, duplicate: true });
      if (prior?.state === 'pending' && opts.unsafeToRepeat) {
        const result: CommandResult = {
          requestId,
          command,
          ok: false,
          error: 'outcome_unknown',
          detail: 'an earlier attempt was interrupted; check whether it took effect (e.g. group.list) before trying again with a new requestId',
        };
        await requests.put(sessionId, requestId, { state: 'done', result });
        return answer(result);
      }
    }
    const sock = await manager.ensure(sessionId).waitReady(deps.sendReadyWaitMs);
    if (!sock) {
      assertOwned(sessionId);
      return answer({ requestId, command, ok: false, error: 'session_not_ready' });
    }
    if (opts.store && opts.unsafeToRepeat) await requests.put(sessionId, requestId, { state: 'pending', command });
    let result: CommandResult;
    try {
      result = { requestId, command, ok: true, result: await run(sock) };
    } catch (err) {
      const e = toCommandError(err);
      if (e.error === 'connection_lost') assertOwned(sessionId);
      log.info('command failed', { sessionId, command, error: e.error });
      result = { requestId, command, ok: false, ...e };
    }
    if (opts.store) await requests.put(sessionId, requestId, { state: 'done', result });
    await answer(result);
  }

  async function read(sessionId: string, cmd: ChatRead): Promise<void> {
    const keys = cmd.messages.map((m) => ({ remoteJid: cmd.chatId, id: m.id, fromMe: false, ...(m.participant ? { participant: m.participant } : {}) }));
    const run = async (sock: EngineSocket): Promise<CommandResultBody> => {
      await sock.readMessages(keys);
      return { chatId: cmd.chatId, read: keys.length };
    };
    if (cmd.requestId) return request(sessionId, cmd.requestId, cmd.type, run, { store: false });
    // Without a requestId nobody waits for an answer: best effort, like the phone's own read receipts.
    const sock = await manager.ensure(sessionId).waitReady(deps.sendReadyWaitMs);
    if (!sock) {
      assertOwned(sessionId);
      log.info('read receipts dropped: session not ready', { sessionId, count: keys.length });
      return;
    }
    await run(sock).catch((err: unknown) => log.info('read receipts failed', { sessionId, error: toCommandError(err).error }));
  }

  return async function handle({ envelope, command }: ParsedCommand): Promise<void> {
    const { sessionId } = envelope;
    assertOwned(sessionId);
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
      case 'chat.read':
        return read(sessionId, command);
      case 'group.list':
      case 'group.get':
      case 'group.create':
      case 'group.update':
      case 'group.participants':
      case 'group.invite':
      case 'group.leave': {
        const cmd = command;
        return request(sessionId, cmd.requestId, cmd.type, (sock) => runGroupCommand(sock, cmd), {
          store: writes.has(cmd.type),
          unsafeToRepeat: cmd.type === 'group.create',
        });
      }
      default:
        if (!driver.simulate) throw new BadEnvelopeError(`${command.type} needs WA_ENGINE=simulator`);
        return driver.simulate(sessionId, command, envelope.id);
    }
  };
}

export type CommandHandler = ReturnType<typeof makeCommandHandler>;
