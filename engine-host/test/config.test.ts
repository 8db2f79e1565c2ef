import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, configFrom, loadConfig } from '../src/config.js';
import { decodeKey, encodeKey } from '../src/storage/clients.js';
import { decodeEnvelope, encodeEnvelope, makeEnvelope } from '../src/bus/envelope.js';
import { parseCommand } from '../src/bus/commands.js';

// Settings and the small pure pieces under the bus: key encoding, envelopes, command validation.

describe('config', () => {
  it('defaults: baileys engine, the contract queue names, tables', () => {
    const c = configFrom({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    assert.equal(c.engine, 'baileys');
    assert.deepEqual(c.queues, { commands: 'engine-commands', events: 'engine-events', poison: 'engine-commands-poison' });
    assert.deepEqual(c.tables, {
      auth: 'engineauth', sent: 'enginesent', sessions: 'enginesessions', seq: 'engineseq', polls: 'enginepolls', requests: 'enginerequests',
    });
    assert.deepEqual(c.media, { container: 'media', maxBytes: 100 * 1024 * 1024, downloadTimeoutMs: 120_000 });
    assert.equal(c.sim.qrRotateMs, 20_000);
    assert.equal(c.sim.notOnWhatsApp, '000$');
  });

  it('names the missing or invalid setting', () => {
    assert.throws(() => configFrom({}), (e: unknown) => e instanceof ConfigError && /AzureWebJobsStorage/.test(e.message));
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE: 'rust' }), /WA_ENGINE/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_EVENTS_QUEUE: 'Bad_Name' }), /WA_ENGINE_EVENTS_QUEUE/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_SIM_READ_MS: 'soon' }), /WA_SIM_READ_MS/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_MEDIA_CONTAINER: 'Media_Files' }), /WA_MEDIA_CONTAINER/);
  });

  it('accepts a managed-identity storage account instead of a connection string', () => {
    const c = configFrom({ AzureWebJobsStorage__accountName: 'acct' });
    assert.deepEqual(c.storage, {
      kind: 'identity',
      queueServiceUrl: 'https://acct.queue.core.windows.net',
      tableServiceUrl: 'https://acct.table.core.windows.net',
      blobServiceUrl: 'https://acct.blob.core.windows.net',
    });
    const own = configFrom({ AzureWebJobsStorage__accountName: 'acct', AzureWebJobsStorage__blobServiceUri: 'https://blobs.example' });
    assert.equal(own.storage.kind === 'identity' && own.storage.blobServiceUrl, 'https://blobs.example');
  });

  it('scale-out: replica id, lease, margin, claim interval; invalid values named', () => {
    const c = configFrom({ AzureWebJobsStorage: 'x' });
    assert.match(c.cluster.replicaId, /^[A-Za-z0-9._-]+-[0-9a-f]{6}$/, 'hostname + random suffix');
    assert.equal(c.cluster.replicaIdFixed, false);
    assert.deepEqual(
      { container: c.cluster.container, leaseMs: c.cluster.leaseMs, marginMs: c.cluster.marginMs, renewMs: c.cluster.renewMs, claim: c.cluster.claimIntervalMs, drain: c.cluster.drainMs },
      { container: 'engine-leases', leaseMs: 30_000, marginMs: 5000, renewMs: 10_000, claim: 5000, drain: 8000 },
    );
    assert.notEqual(configFrom({ AzureWebJobsStorage: 'x' }).cluster.replicaId, c.cluster.replicaId, 'a new suffix per process');
    const fixed = configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_REPLICA_ID: 'replica-2', WA_ENGINE_LEASE_SECONDS: '15', WA_ENGINE_LEASE_MARGIN_MS: '3000' });
    assert.equal(fixed.cluster.replicaId, 'replica-2');
    assert.equal(fixed.cluster.replicaIdFixed, true);
    assert.equal(fixed.cluster.renewMs, 5000);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_LEASE_SECONDS: '10' }), /WA_ENGINE_LEASE_SECONDS/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_LEASE_SECONDS: '61' }), /WA_ENGINE_LEASE_SECONDS/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_LEASE_SECONDS: '15', WA_ENGINE_LEASE_MARGIN_MS: '6000' }), /WA_ENGINE_LEASE_MARGIN_MS/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_REPLICA_ID: 'a b' }), /WA_ENGINE_REPLICA_ID/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_CLAIM_INTERVAL_MS: '50' }), /WA_ENGINE_CLAIM_INTERVAL_MS/);
    assert.throws(() => configFrom({ AzureWebJobsStorage: 'x', WA_ENGINE_LEASE_CONTAINER: 'Leases' }), /WA_ENGINE_LEASE_CONTAINER/);
  });

  it('falls back to local.settings.json Values; the environment wins', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eh-config-'));
    const file = path.join(dir, 'local.settings.json');
    await writeFile(file, JSON.stringify({ IsEncrypted: false, Values: { AzureWebJobsStorage: 'UseDevelopmentStorage=true', WA_ENGINE: 'simulator', WA_ENGINE_EVENTS_QUEUE: 'from-file' } }));
    try {
      const c = loadConfig({ WA_SETTINGS_FILE: file, WA_ENGINE_EVENTS_QUEUE: 'from-env' });
      assert.equal(c.engine, 'simulator');
      assert.equal(c.queues.events, 'from-env');
      assert.deepEqual(c.storage, { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('bus pieces', () => {
  it('table keys: forbidden characters are encoded and decode back', () => {
    const raw = 'a/b\\c#d?e%f~g\u0001h';
    const key = encodeKey(raw);
    assert.doesNotMatch(key, /[/\\#?\u0000-\u001f~]/);
    assert.equal(decodeKey(key), raw);
  });

  it('envelopes are base64 JSON and decode back; raw JSON is accepted too', () => {
    const e = makeEnvelope('session.status', 'n1', { status: 'ready' }, 7);
    const text = encodeEnvelope(e);
    assert.match(text, /^[A-Za-z0-9+/=]+$/);
    assert.deepEqual(decodeEnvelope(text), e);
    assert.deepEqual(decodeEnvelope(JSON.stringify(e)), e);
    assert.throws(() => decodeEnvelope(Buffer.from('{"v":2}').toString('base64')), /version/);
  });

  it('commands are validated field by field', () => {
    assert.deepEqual(parseCommand('session.start', { pairingPhone: '+49 (151) 234' }), { type: 'session.start', pairingPhone: '49151234' });
    assert.throws(() => parseCommand('message.send', { to: 'x', content: { kind: 'text', text: 'hi' } }), /clientMessageId/);
    // v1 media by URL is gone: the engine never fetches a URL.
    assert.throws(() => parseCommand('message.send', { clientMessageId: 'c', to: 'x', content: { kind: 'image', url: 'https://x/a.jpg' } }), /content\.media/);
    assert.throws(() => parseCommand('message.send', { clientMessageId: 'c', to: 'x', content: { kind: 'image', media: { url: 'https://x/a.jpg' } } }), /not supported/);
    assert.throws(() => parseCommand('message.send', { clientMessageId: 'c', to: 'x', content: { kind: 'poll', name: 'p', options: ['one'] } }), /two/);
    assert.throws(() => parseCommand('sim.status', { messageId: 'm', status: 'seen' }), /delivered, read or played/);
    assert.deepEqual(parseCommand('message.send', { clientMessageId: 'c', to: '491', content: { kind: 'text', text: 'hi' }, options: { typingMs: 500 } }), {
      type: 'message.send', clientMessageId: 'c', to: '491', content: { kind: 'text', text: 'hi' }, options: { typingMs: 500 },
    });
  });
});
