import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { makeReconnectPolicy, type ReconnectPolicy } from '../src/reconnect-policy.js';
import { makeSession } from '../src/sessions/session.js';
import { makeMemoryAuthStore } from '../src/auth-state/memory-auth-state.js';
import { makeMemoryRegistry } from '../src/sessions/registry.js';
import { makeLog } from '../src/log.js';
import { makeFakeDriver, makeRecorder, messagingDeps } from './helpers/fakes.js';
import { uid } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

// The reconnect policy for every DisconnectReason, first as a pure decision,
// then end to end through a session whose socket is a fake on Baileys' own
// event emitter, closed by the test with each code.

const half = (): number => 0.5; // jitter pinned to the middle: delay = 3/4 of the capped exponential

describe('reconnect policy (decisions)', () => {
  const policy = makeReconnectPolicy({ baseMs: 1000, maxMs: 60_000, random: half });
  const expected: [number, string, string][] = [
    [DisconnectReason.loggedOut, 'stop', 'logged_out'],
    [DisconnectReason.forbidden, 'stop', 'failed'],
    [DisconnectReason.multideviceMismatch, 'stop', 'failed'],
    [DisconnectReason.connectionReplaced, 'stop', 'disconnected'],
    [DisconnectReason.restartRequired, 'reconnect', 'restart_required'],
    [DisconnectReason.connectionClosed, 'reconnect', 'connection_closed'],
    [DisconnectReason.connectionLost, 'reconnect', 'connection_lost'],
    [DisconnectReason.timedOut, 'reconnect', 'connection_lost'],
    [DisconnectReason.unavailableService, 'reconnect', 'unavailable'],
    [DisconnectReason.badSession, 'reconnect', 'bad_session'],
  ];
  for (const [code, action, what] of expected) {
    it(`${code} → ${action} (${what})`, () => {
      const d = policy.decide(code, { attempt: 0 });
      assert.equal(d.action, action);
      if (d.action === 'stop') assert.equal(d.status, what);
      else assert.equal(d.reason, what);
    });
  }

  it('only loggedOut deletes credentials', () => {
    for (const [code] of expected) {
      const d = policy.decide(code, { attempt: 0 });
      assert.equal(d.action === 'stop' && d.clearCreds, code === 401, `code ${code}`);
    }
  });

  it('restartRequired reconnects at once; others back off exponentially up to the cap, with jitter', () => {
    assert.deepEqual(policy.decide(515, { attempt: 3 }), { action: 'reconnect', delayMs: 0, reason: 'restart_required' });
    const delays = [0, 1, 2, 3, 10].map((attempt) => (policy.decide(428, { attempt }) as { delayMs: number }).delayMs);
    assert.deepEqual(delays, [750, 1500, 3000, 6000, 45_000]);
    const jittery = makeReconnectPolicy({ baseMs: 1000, maxMs: 60_000 });
    const spread = new Set(Array.from({ length: 20 }, () => jittery.backoffMs(2)));
    assert.ok(spread.size > 1, 'jitter varies the delay');
    for (const d of spread) assert.ok(d >= 2000 && d <= 4000);
  });

  it('unknown codes reconnect; a timeout after unscanned QRs stops', () => {
    assert.equal(policy.decide(499, { attempt: 0 }).action, 'reconnect');
    assert.equal(policy.decide(undefined, { attempt: 0 }).action, 'reconnect');
    assert.deepEqual(policy.decide(408, { attempt: 0, qrShown: true }), { action: 'stop', status: 'disconnected', reason: 'qr_timeout', clearCreds: false });
  });
});

describe('reconnect policy (through a session on a fake Baileys socket)', () => {
  function setup() {
    const driver = makeFakeDriver();
    const events = makeRecorder();
    const auth = makeMemoryAuthStore();
    const registry = makeMemoryRegistry();
    const sessionId = uid('n');
    const inner = makeReconnectPolicy({ baseMs: 20, maxMs: 80, random: half });
    const attempts: number[] = []; // what the session told the policy, close by close
    const policy: ReconnectPolicy = { ...inner, decide: (code, ctx) => (attempts.push(ctx.attempt), inner.decide(code, ctx)) };
    const session = makeSession({ sessionId, driver, auth, events, registry, policy, log: makeLog('silent'), ...messagingDeps() });
    return { driver, events, auth, registry, sessionId, session, attempts };
  }

  const opened = (driver: ReturnType<typeof makeFakeDriver>, n: number) =>
    waitUntil(() => driver.sockets[n - 1], { what: `socket #${n}`, timeoutMs: 5000, intervalMs: 1 });

  for (const code of [428, 408, 503, 500, 515]) {
    it(`${code}: reconnects and comes back ready`, async () => {
      const { driver, events, sessionId, session } = setup();
      await session.start();
      (await opened(driver, 1)).open();
      await events.waitStatus(sessionId, 'ready');
      await driver.sockets[0]?.close(code);
      (await opened(driver, 2)).open();
      await events.waitStatus(sessionId, 'ready', 2);
      const statuses = events.statuses(sessionId);
      const drop = statuses.find((s) => s.code === code);
      assert.equal(drop?.status, code === 515 ? 'connecting' : 'disconnected');
      await session.stop();
    });
  }

  for (const [code, status] of [[401, 'logged_out'], [403, 'failed'], [411, 'failed'], [440, 'disconnected']] as const) {
    it(`${code}: stops with ${status} and does not reconnect`, async () => {
      const { driver, events, auth, registry, sessionId, session } = setup();
      await session.start();
      (await opened(driver, 1)).open();
      await events.waitStatus(sessionId, 'ready');
      await driver.sockets[0]?.close(code);
      const final = await events.waitStatus(sessionId, status, status === 'disconnected' ? 1 : 1);
      assert.equal(final.code, code);
      assert.equal(driver.sockets.length, 1, 'no second socket');
      assert.equal(await session.waitReady(1000), undefined, 'a sender does not wait on a stopped session');
      assert.equal(registry.wanted.has(sessionId), false, 'not resumed after a restart');
      assert.equal(await auth.hasCreds(sessionId), code !== 401, 'only loggedOut deletes the credentials');
    });
  }

  it('backs off between failed attempts, resets after ready, and stop cancels a pending retry', async () => {
    const { driver, events, sessionId, session, attempts } = setup();
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const timersBefore = timers();
    await session.start();
    for (let i = 1; i <= 4; i++) await (await opened(driver, i)).close(428); // never got to open
    await opened(driver, 5);
    const gaps = driver.openedAt.slice(1).map((t, i) => t - (driver.openedAt[i] ?? 0));
    // 3/4 of 20, 40, 80, 80(cap) ms; timers never fire early (allow 1 ms of clock granularity).
    [15, 30, 60, 60].forEach((min, i) => assert.ok((gaps[i] ?? 0) >= min - 1, `gap ${i} = ${gaps[i]} >= ${min}`));
    driver.sockets[4]?.open();
    await events.waitStatus(sessionId, 'ready');
    await driver.sockets[4]?.close(428);
    await opened(driver, 6);
    await driver.sockets[5]?.close(428);
    assert.deepEqual(attempts, [0, 1, 2, 3, 0, 1], 'failed attempts count up and reset once the session was ready');
    await events.waitStatus(sessionId, 'disconnected', 2);
    assert.ok(timers() > timersBefore, 'a reconnect is scheduled');
    await session.stop();
    assert.equal(timers(), timersBefore, 'stop cancelled the scheduled reconnect: no timer left');
    assert.equal(driver.sockets.length, 6);
  });
});
