import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { odata } from '@azure/data-tables';
import { makeStorage } from '../src/storage/clients.js';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { startApp, testEnv, uid, type Harness } from './helpers/app.js';
import { linkSession } from './helpers/sessions.js';

// Session lifecycle through the real queues: QR, pairing code, scan, status
// transitions with seq, disconnect codes through the reconnect policy, stop, logout.

describe('simulator sessions over the real queues', () => {
  let azurite: Azurite;
  let h: Harness;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    azurite = await startAzurite();
    h = await startApp({ after: (fn) => void cleanups.push(fn as () => Promise<void>) }, testEnv(azurite.connectionString, { WA_SIM_QR_ROTATE_MS: '250' }));
  });
  after(async () => {
    for (const fn of cleanups) await fn();
    await azurite.stop();
  });

  const authRows = async (sessionId: string): Promise<number> => {
    const table = makeStorage({ kind: 'connectionString', connectionString: azurite.connectionString }).table(h.config.tables.auth);
    let n = 0;
    for await (const _ of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${sessionId}` } })) n++;
    return n;
  };

  it('issues a QR with an expiry, rotates it, and reports statuses in seq order', async () => {
    const sessionId = uid('n');
    const startedAt = Math.floor(Date.now() / 1000);
    await h.bus.send('session.start', sessionId);
    const first = await h.bus.waitFor(sessionId, 'session.qr');
    assert.match(first.data.qr, /^2@[^,]+,[^,]+,[^,]+,[^,]+$/);
    assert.ok(first.data.expiresAt >= startedAt, 'expiresAt is unix seconds, not before the start');
    const second = await h.bus.waitFor(sessionId, 'session.qr', (d) => d.qr !== first.data.qr);
    assert.ok(second.seq > first.seq, 'a later QR has a higher seq');
    const statuses = (await h.bus.of(sessionId, 'session.status')).sort((a, b) => a.seq - b.seq).map((e) => e.data.status);
    assert.deepEqual(statuses.slice(0, 3), ['starting', 'connecting', 'qr']);
    await h.bus.send('session.stop', sessionId);
    await h.bus.waitFor(sessionId, 'session.status', (d) => d.status === 'disconnected' && d.reason === 'stopped');
  });

  it('links on scan: restart_required, then ready with me, and no QR afterwards', async () => {
    const { sessionId, phone } = await linkSession(h.bus, { name: 'Shop' });
    const ready = await h.bus.status(sessionId, 'ready');
    assert.deepEqual(ready.data.me, { id: `${phone}:1@s.whatsapp.net`, phone, name: 'Shop' });
    const statuses = (await h.bus.of(sessionId, 'session.status')).sort((a, b) => a.seq - b.seq);
    const restart = statuses.find((s) => s.data.reason === 'restart_required');
    assert.ok(restart && restart.seq < ready.seq, 'the 515 restart after pairing goes through the reconnect policy');
    const qrs = await h.bus.of(sessionId, 'session.qr');
    assert.ok(qrs.every((q) => q.seq < ready.seq), 'no QR after the session is ready');
    const seqs = (h.bus.seen.filter((e) => e.sessionId === sessionId)).map((e) => e.seq);
    assert.equal(new Set(seqs).size, seqs.length, 'seq is unique per session');
  });

  it('gives a pairing code instead of a QR when pairingPhone is set', async () => {
    const sessionId = uid('n');
    await h.bus.send('session.start', sessionId, { pairingPhone: '+49 151 2345 6789' });
    const code = await h.bus.waitFor(sessionId, 'session.pairing_code');
    assert.match(code.data.code, /^[0-9A-F]{8}$/);
    await h.bus.send('sim.scan', sessionId);
    const ready = await h.bus.status(sessionId, 'ready');
    assert.equal(ready.data.me?.phone, '4915123456789');
    assert.equal((await h.bus.of(sessionId, 'session.qr')).length, 0);
  });

  it('reconnects after a transient disconnect (428) without a new QR', async () => {
    const { sessionId } = await linkSession(h.bus);
    const firstReady = await h.bus.status(sessionId, 'ready');
    await h.bus.send('sim.disconnect', sessionId, { code: 428 });
    const down = await h.bus.waitFor(sessionId, 'session.status', (d) => d.status === 'disconnected' && d.code === 428);
    assert.equal(down.data.reason, 'connection_closed');
    const again = await h.bus.waitFor(sessionId, 'session.status', (d, e) => d.status === 'ready' && e.seq > down.seq);
    assert.ok(again.seq > firstReady.seq);
    assert.ok((await h.bus.of(sessionId, 'session.qr')).every((q) => q.seq < firstReady.seq));
  });

  it('stops on connectionReplaced (440) and keeps credentials', async () => {
    const { sessionId } = await linkSession(h.bus);
    await h.bus.send('sim.disconnect', sessionId, { code: 440 });
    const down = await h.bus.waitFor(sessionId, 'session.status', (d) => d.status === 'disconnected' && d.code === 440);
    assert.equal(down.data.reason, 'connection_replaced');
    // Not reconnecting: a check right now finds the session not ready (it would be, had it reconnected).
    await h.bus.send('contacts.check', sessionId, { requestId: 'r440', numbers: ['4915100000001'] });
    const res = await h.bus.waitFor(sessionId, 'contacts.check.result');
    assert.equal(res.data.error, 'session_not_ready');
    await h.bus.send('session.start', sessionId);
    await h.bus.waitFor(sessionId, 'session.status', (d, e) => d.status === 'ready' && e.seq > down.seq);
    assert.ok((await authRows(sessionId)) > 0);
  });

  it('reports failed on forbidden (403)', async () => {
    const { sessionId } = await linkSession(h.bus);
    await h.bus.send('sim.disconnect', sessionId, { code: 403 });
    const failed = await h.bus.status(sessionId, 'failed');
    assert.equal(failed.data.code, 403);
    assert.ok((await authRows(sessionId)) > 0, 'credentials kept for inspection');
  });

  it('reports logged_out on 401 and deletes the credentials', async () => {
    const { sessionId } = await linkSession(h.bus);
    await h.bus.send('sim.disconnect', sessionId, { code: 401 });
    const out = await h.bus.status(sessionId, 'logged_out');
    assert.equal(out.data.code, 401);
    assert.equal(await authRows(sessionId), 0);
    // Linking again needs a new QR.
    await h.bus.send('session.start', sessionId);
    await h.bus.waitFor(sessionId, 'session.qr', (_, e) => e.seq > out.seq);
    await h.bus.send('session.stop', sessionId);
  });

  it('stop keeps credentials; logout unlinks and deletes them', async () => {
    const { sessionId } = await linkSession(h.bus);
    await h.bus.send('session.stop', sessionId);
    const stopped = await h.bus.waitFor(sessionId, 'session.status', (d) => d.status === 'disconnected' && d.reason === 'stopped');
    assert.ok((await authRows(sessionId)) > 0);
    await h.bus.send('session.start', sessionId);
    await h.bus.waitFor(sessionId, 'session.status', (d, e) => d.status === 'ready' && e.seq > stopped.seq);
    await h.bus.send('session.logout', sessionId);
    const out = await h.bus.status(sessionId, 'logged_out');
    assert.equal(out.data.reason, 'logout');
    assert.equal(await authRows(sessionId), 0);
  });

  it('dead-letters commands that can never succeed', async () => {
    const marker = uid('bad');
    await h.bus.sendRaw(Buffer.from(`{"not json ${marker}`).toString('base64'));
    await h.bus.send('no.such.command', marker);
    await h.bus.send('message.send', marker, { clientMessageId: 'c1', to: '4915100000001', content: { kind: 'hologram' } });
    const poisoned = async (): Promise<number> => (await h.bus.poisonTexts()).filter((t) => Buffer.from(t, 'base64').toString().includes(marker)).length;
    const { waitUntil } = await import('./helpers/wait.js');
    await waitUntil(async () => (await poisoned()) === 3, { what: 'three poisoned commands' });
  });
});
