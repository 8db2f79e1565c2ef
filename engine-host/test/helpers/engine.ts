import { generateWAMessage, jidNormalizedUser } from '@whiskeysockets/baileys';
import type { AnyMessageContent, MiscMessageGenerationOptions, WAMediaUploadFunction, WAMessage } from '@whiskeysockets/baileys';
import { makeEnvelope } from '../../src/bus/envelope.js';
import { parseCommand } from '../../src/bus/commands.js';
import type { EngineSocket } from '../../src/drivers/driver.js';
import { toBaileysLogger } from '../../src/drivers/baileys-logger.js';
import { makeMemoryAuthStore } from '../../src/auth-state/memory-auth-state.js';
import { makeReconnectPolicy } from '../../src/reconnect-policy.js';
import { makeMemoryRegistry } from '../../src/sessions/registry.js';
import { makeSessionManager } from '../../src/sessions/manager.js';
import { makeCommandHandler } from '../../src/sessions/command-handler.js';
import { makeMemorySentStore } from '../../src/sessions/sent-store.js';
import { makeMemoryRequestStore } from '../../src/sessions/request-store.js';
import { makeLog } from '../../src/log.js';
import { makeFakeDriver, makeRecorder, messagingDeps, type FakeSocket } from './fakes.js';
import { uid } from './app.js';
import { waitUntil } from './wait.js';

// The engine's session layer on a fake Baileys socket: commands go in through
// the real handler, what reaches the socket is recorded, events are recorded.

export const ME = { id: '4915100000001:3@s.whatsapp.net', lid: '99887766554433:3@lid', name: 'Shop' };
export const ME_JID = '4915100000001@s.whatsapp.net';

export type FakeEngine = Awaited<ReturnType<typeof startFakeEngine>>;

export async function startFakeEngine(
  opts: { overrides?: Partial<EngineSocket>; shared?: { media?: FakeEngineShared['media']; polls?: FakeEngineShared['polls'] }; sessionId?: string } = {},
) {
  const driver = makeFakeDriver(opts.overrides);
  const events = makeRecorder();
  const deps = messagingDeps();
  const media = opts.shared?.media ?? deps.media;
  const polls = opts.shared?.polls ?? deps.polls;
  const log = makeLog('silent');
  const manager = makeSessionManager({
    driver,
    auth: makeMemoryAuthStore(),
    events,
    policy: makeReconnectPolicy({ baseMs: 20, maxMs: 80 }),
    registry: makeMemoryRegistry(),
    log,
    media,
    polls,
    mediaDownloadTimeoutMs: 5000,
  });
  const requests = makeMemoryRequestStore();
  const handle = makeCommandHandler({
    manager,
    sent: makeMemorySentStore(),
    requests,
    media,
    polls,
    events,
    driver,
    log,
    sendReadyWaitMs: 300,
    maxTypingMs: 1000,
  });
  const sessionId = opts.sessionId ?? uid('n');
  await manager.ensure(sessionId).start();
  const fake: FakeSocket = await waitUntil(() => driver.sockets[0], { what: 'socket', timeoutMs: 5000, intervalMs: 1 });
  fake.ctx.auth.creds.me = { ...ME };
  fake.open();
  await events.waitStatus(sessionId, 'ready');
  return {
    driver,
    events,
    media,
    polls,
    requests,
    manager,
    sessionId,
    fake,
    sock: fake.socket,
    /** runs a command through validation and the handler, like the command loop */
    async run(type: string, data: Record<string, unknown>): Promise<void> {
      const envelope = makeEnvelope(type, sessionId, data);
      await handle({ envelope, command: parseCommand(type, data) });
    },
    /** the arguments of every sendMessage call so far */
    sends(): { jid: string; content: AnyMessageContent; options: MiscMessageGenerationOptions }[] {
      return fake.calls
        .filter((c) => c.method === 'sendMessage')
        .map((c) => ({ jid: c.args[0] as string, content: c.args[1] as AnyMessageContent, options: (c.args[2] ?? {}) as MiscMessageGenerationOptions }));
    },
    /** emits inbound messages as Baileys does */
    upsert(messages: WAMessage[], type: 'notify' | 'append' = 'notify'): void {
      fake.socket.ev.emit('messages.upsert', { messages, type });
    },
    stop: () => manager.closeAll(),
  };
}

type FakeEngineShared = ReturnType<typeof messagingDeps>;

// Baileys would upload the encrypted file to WhatsApp; here it goes nowhere.
const nowhere: WAMediaUploadFunction = async () => ({ mediaUrl: 'https://mmg.invalid/x', directPath: '/x' });

/** What Baileys' own generator makes of a sendMessage call: the proto that would go on the wire. */
export function baileysBuild(send: { jid: string; content: AnyMessageContent; options: MiscMessageGenerationOptions }): Promise<WAMessage> {
  return generateWAMessage(send.jid, send.content, {
    ...send.options,
    userJid: jidNormalizedUser(ME.id),
    upload: nowhere,
    logger: toBaileysLogger(makeLog('silent'), 'silent'),
  });
}
