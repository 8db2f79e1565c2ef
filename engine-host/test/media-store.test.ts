import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { makeBlobMediaStore, MediaError, type MediaStore } from '../src/media/media-store.js';
import { inboundBlobName, urlSafe } from '../src/media/blob-names.js';
import { makeStorage } from '../src/storage/clients.js';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { uid } from './helpers/app.js';
import { sha256 } from './helpers/media.js';

// The Blob media store against a real Azurite: round trips, the errors the
// sender maps to message.failed codes, and a failing source that must fail the
// upload rather than hang it.

describe('media store (Blob storage)', () => {
  let azurite: Azurite;
  let store: MediaStore;

  before(async () => {
    azurite = await startAzurite();
    const container = makeStorage({ kind: 'connectionString', connectionString: azurite.connectionString }).container(`media${uid()}`);
    store = makeBlobMediaStore(container, { maxBytes: 64 * 1024 });
    await store.ensure();
    await store.ensure(); // idempotent
  });
  after(() => azurite.stop());

  it('writes a stream with its type, hashing it; reads, opens and stats it back', async () => {
    const bytes = randomBytes(50_000);
    const name = inboundBlobName('shop/1', '3EB0ABC');
    assert.equal(name, 'in/shop~2F1/3EB0ABC');
    const written = await store.write(name, Readable.from([bytes.subarray(0, 20_000), bytes.subarray(20_000)]), 'image/png');
    assert.deepEqual(written, { size: bytes.length, sha256: sha256(bytes) });
    const read = await store.read(name);
    assert.ok(read.bytes.equals(bytes));
    assert.deepEqual([read.size, read.sha256, read.contentType], [bytes.length, sha256(bytes), 'image/png']);
    assert.deepEqual(await store.stat(name), { size: bytes.length, contentType: 'image/png' });
    const opened = await store.open(name);
    const chunks: Buffer[] = [];
    for await (const c of opened.stream) chunks.push(c as Buffer);
    assert.ok(Buffer.concat(chunks).equals(bytes));
  });

  it('missing and oversized blobs are MediaErrors with the codes the sender reports', async () => {
    await assert.rejects(store.read('out/none'), (e: unknown) => e instanceof MediaError && e.code === 'media_missing' && !e.retryable);
    await assert.rejects(store.open('out/none'), (e: unknown) => e instanceof MediaError && e.code === 'media_missing');
    assert.equal(await store.stat('out/none'), undefined);
    await store.write('out/big', Readable.from([randomBytes(70 * 1024)]), 'application/octet-stream');
    await assert.rejects(store.read('out/big'), (e: unknown) => e instanceof MediaError && e.code === 'media_too_large');
  });

  it('a source that fails mid-way fails the write (no hang, no partial blob)', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(10_000);
      throw new Error('connection reset by CDN');
    }
    const started = Date.now();
    await assert.rejects(store.write('in/x/broken', Readable.from(broken()), 'video/mp4'), /connection reset by CDN/);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(await store.stat('in/x/broken'), undefined, 'nothing was committed');
  });

  it('an abort signal stops a write that never ends', async () => {
    const endless = new Readable({ read() {} }); // never pushes, never ends
    const controller = new AbortController();
    const writing = store.write('in/x/stuck', endless, 'audio/ogg', controller.signal);
    setImmediate(() => controller.abort()); // once the upload is under way
    await assert.rejects(writing, (e: unknown) => (e as { name?: string }).name === 'AbortError');
  });

  it('url-safe names keep ids readable and cannot form paths', () => {
    assert.equal(urlSafe('AbC-123_x'), 'AbC-123_x');
    assert.equal(urlSafe('../a b/ü'), '~2E~2E~2Fa~20b~2F~C3~BC');
  });
});
