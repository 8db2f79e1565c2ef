import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { startApp, testEnv, type Harness } from './helpers/app.js';
import { makeTestBus } from './helpers/bus.js';
import { linkSession } from './helpers/sessions.js';
import { waitUntil } from './helpers/wait.js';

// A linked session survives the engine-host going away: a graceful stop and a
// kill -9 both end with the session ready again, without a QR, on the same storage.

const startBudgetMs = 60_000;
const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/index.js');

describe('restart', () => {
  let azurite: Azurite;
  const cleanups: (() => Promise<void>)[] = [];
  const t = { after: (fn: unknown) => void cleanups.push(fn as () => Promise<void>) };

  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
    await azurite.stop();
  });

  it('graceful stop, then a new app on the same storage: ready again without a QR, seq keeps rising', async () => {
    const env = testEnv(azurite.connectionString);
    const first: Harness = await startApp(t, env);
    const { sessionId, phone } = await linkSession(first.bus);
    const stoppedOne = await linkSession(first.bus);
    await first.bus.send('session.stop', stoppedOne.sessionId);
    await first.bus.waitFor(stoppedOne.sessionId, 'session.status', (d) => d.reason === 'stopped');
    await first.app.stop();
    const down = await first.bus.waitFor(sessionId, 'session.status', (d) => d.reason === 'engine_shutdown');
    const lastSeq = Math.max(...first.bus.seen.filter((e) => e.sessionId === sessionId).map((e) => e.seq));

    const second = await startApp(t, env);
    const ready = await second.bus.waitFor(sessionId, 'session.status', (d) => d.status === 'ready');
    assert.ok(ready.seq > lastSeq && ready.seq > down.seq, 'seq never goes back after a restart');
    assert.equal(ready.data.me?.phone, phone);
    assert.equal((await second.bus.of(sessionId, 'session.qr')).length, 0, 'no QR after restart');
    // The session that was stopped on purpose stays stopped.
    await second.bus.send('contacts.check', stoppedOne.sessionId, { requestId: 'r1', numbers: ['4915100000001'] });
    const res = await second.bus.waitFor(stoppedOne.sessionId, 'contacts.check.result');
    assert.equal(res.data.error, 'session_not_ready');
  });

  it('kill -9 of the engine-host process, then a restart: ready again without a QR', async () => {
    // A fixed replica id, as run.sh gives: the restarted process knows the dead one was its predecessor on
    // this host and takes its leases at once instead of waiting for them to expire.
    const own = testEnv(azurite.connectionString, { WA_SETTINGS_FILE: '/nonexistent', WA_LOG_LEVEL: 'info', WA_ENGINE_REPLICA_ID: 'replica-1' });
    const env = { ...process.env, ...own };
    const bus = makeTestBus(azurite.connectionString, { commands: own['WA_ENGINE_COMMANDS_QUEUE'] ?? '', events: own['WA_ENGINE_EVENTS_QUEUE'] ?? '' });
    const launch = (): { child: ChildProcess; exited: Promise<number | null>; output: () => string } => {
      const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      });
      return { child, exited, output: () => out };
    };

    const one = launch();
    // Deadlines, not delays: a fresh process loads Baileys and three storage SDKs, which took over 20 s on a
    // 2-core machine under a load average of 26 (this test failed that way before and after media support).
    await waitUntil(() => one.output().includes('engine-host ready'), { timeoutMs: startBudgetMs, what: 'engine-host to start' });
    const { sessionId } = await linkSession(bus);
    one.child.kill('SIGKILL');
    await one.exited;
    const before = Math.max(...bus.seen.filter((e) => e.sessionId === sessionId).map((e) => e.seq));

    const two = launch();
    const ready = await bus.waitFor(sessionId, 'session.status', (d, e) => d.status === 'ready' && e.seq > before, startBudgetMs);
    assert.ok(ready.data.me);
    assert.ok((await bus.of(sessionId, 'session.qr')).every((q) => q.seq < before), 'no QR after the crash');
    assert.match(two.output(), /sessions resumed replica=replica-1 count=1/);
    // Usually taken at once from its dead predecessor (reason=predecessor); on a machine so busy that the new
    // process needed longer than the lease to start, the lease had expired and a plain scan took it.
    assert.match(two.output(), new RegExp(`lease acquired replica=replica-1 sessionId=${sessionId} reason=(predecessor|scan)`));
    assert.doesNotMatch(two.output(), /AccountKey|noiseKey|advSecretKey/, 'no secrets in the log');

    // SIGTERM: graceful shutdown closes the socket without logging out.
    two.child.kill('SIGTERM');
    assert.equal(await two.exited, 0);
    const down = await bus.waitFor(sessionId, 'session.status', (d) => d.reason === 'engine_shutdown');
    assert.ok(down.seq > ready.seq);
  });
});
