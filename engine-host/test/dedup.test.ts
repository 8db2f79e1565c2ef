import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { configFrom } from '../src/config.js';
import type { Driver } from '../src/drivers/driver.js';
import { makeSimulatorDriver, simConfigFrom } from '../src/drivers/simulator/index.js';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { startApp, testEnv, uid, type Harness } from './helpers/app.js';
import { linkSession, number } from './helpers/sessions.js';

// A redelivered message.send (the queue is at-least-once) reports the earlier
// outcome and never reaches the socket a second time.

/** The simulator, counting what actually reaches the socket. */
function countingDriver(inner: Driver): Driver & { sends: Map<string, number> } {
  const sends = new Map<string, number>();
  return {
    ...inner,
    sends,
    openSocket(ctx) {
      const sock = inner.openSocket(ctx);
      const send = sock.sendMessage.bind(sock);
      sock.sendMessage = async (jid, content, options) => {
        const id = options?.messageId ?? '';
        sends.set(id, (sends.get(id) ?? 0) + 1);
        return send(jid, content, options);
      };
      return sock;
    },
  };
}

describe('send dedup', () => {
  let azurite: Azurite;
  let h: Harness;
  let driver: ReturnType<typeof countingDriver>;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    azurite = await startAzurite();
    const env = testEnv(azurite.connectionString);
    h = await startApp({ after: (fn) => void cleanups.push(fn as () => Promise<void>) }, env, (media) => {
      driver = countingDriver(makeSimulatorDriver(simConfigFrom(configFrom(env).sim), { media }));
      return driver;
    });
  });
  after(async () => {
    for (const fn of cleanups) await fn();
    await azurite.stop();
  });

  it('a redelivered message.send reports the same result without sending again', async () => {
    const { sessionId } = await linkSession(h.bus);
    const clientMessageId = uid('c');
    const data = { clientMessageId, to: number(), content: { kind: 'text', text: 'once' } };
    const envelopeId = randomUUID();
    await h.bus.send('message.send', sessionId, data, envelopeId);
    const first = await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === clientMessageId);
    await h.bus.send('message.send', sessionId, data, envelopeId); // the very same message again
    await h.bus.send('message.send', sessionId, data); // and a re-issued command with the same clientMessageId
    const replays = await h.bus.waitFor(sessionId, 'message.sent', (d, e) => d.clientMessageId === clientMessageId && e.seq > first.seq && d.duplicate === true);
    assert.equal(replays.data.messageId, first.data.messageId);
    assert.equal(replays.data.timestamp, first.data.timestamp);
    const { waitUntil } = await import('./helpers/wait.js');
    const all = await waitUntil(async () => {
      const sent = (await h.bus.of(sessionId, 'message.sent')).filter((e) => e.data.clientMessageId === clientMessageId);
      return sent.length === 3 && sent;
    }, { what: 'three reports for one clientMessageId' });
    assert.equal(new Set(all.map((e) => e.data.messageId)).size, 1);
    assert.equal(driver.sends.get(first.data.messageId), 1, 'the socket saw the message exactly once');
  });

  it('a redelivered send that failed for good reports the same failure', async () => {
    const { sessionId } = await linkSession(h.bus);
    const clientMessageId = uid('c');
    const data = { clientMessageId, to: '4915100000000', content: { kind: 'text', text: 'nope' } };
    await h.bus.send('message.send', sessionId, data);
    const first = await h.bus.waitFor(sessionId, 'message.failed', (d) => d.clientMessageId === clientMessageId);
    await h.bus.send('message.send', sessionId, data);
    const again = await h.bus.waitFor(sessionId, 'message.failed', (d, e) => d.clientMessageId === clientMessageId && e.seq > first.seq);
    assert.equal(again.data.error, 'not_on_whatsapp');
    assert.equal(again.data.retryable, false);
    assert.equal(again.data.duplicate, true);
  });

  it('a send refused as retryable goes out later under the same message id', async () => {
    const sessionId = uid('n'); // never started: not ready
    const clientMessageId = uid('c');
    const data = { clientMessageId, to: number(), content: { kind: 'text', text: 'later' } };
    await h.bus.send('message.send', sessionId, data);
    const failed = await h.bus.waitFor(sessionId, 'message.failed', (d) => d.clientMessageId === clientMessageId);
    assert.deepEqual([failed.data.error, failed.data.retryable], ['session_not_ready', true]);
    await h.bus.send('session.start', sessionId);
    await h.bus.waitFor(sessionId, 'session.qr');
    await h.bus.send('sim.scan', sessionId);
    await h.bus.status(sessionId, 'ready');
    await h.bus.send('message.send', sessionId, data);
    const sent = await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === clientMessageId);
    assert.equal(driver.sends.get(sent.data.messageId), 1);
  });
});
