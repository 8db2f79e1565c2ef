import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContainerClient } from '@azure/storage-blob';
import { statusOf } from '../storage/clients.js';

// Media bytes in Blob storage (container `media`, same account as the queues).
// The functions side uploads outbound files and reads inbound ones; the engine
// reads the former and writes the latter. It never fetches a URL.

export type MediaErrorCode = 'media_missing' | 'media_too_large' | 'media_unreachable';

/** A media read that failed, with whether a later retry can help. */
export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.code === 'media_unreachable';
  }
}

export type MediaBytes = { bytes: Buffer; size: number; sha256: string; contentType?: string };
export type WrittenMedia = { size: number; sha256: string };

export type MediaStore = {
  /** creates the container if missing */
  ensure(): Promise<void>;
  /** a whole blob in memory, at most `maxBytes`; MediaError when missing, too large or unreachable */
  read(blob: string): Promise<MediaBytes>;
  /** a blob as a stream (the simulator's "WhatsApp CDN"); MediaError('media_missing') when absent */
  open(blob: string): Promise<{ stream: Readable; size?: number; contentType?: string }>;
  /** size and content type, or undefined when the blob does not exist */
  stat(blob: string): Promise<{ size: number; contentType?: string } | undefined>;
  /** streams `source` into `blob` (replacing it), hashing on the way */
  write(blob: string, source: Readable, contentType: string, signal?: AbortSignal): Promise<WrittenMedia>;
};

/** Counts and hashes what flows through it. */
function meter(): Transform & { result(): WrittenMedia } {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return Object.assign(t, { result: (): WrittenMedia => ({ size, sha256: hash.digest('hex') }) });
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function collect(stream: NodeJS.ReadableStream, maxBytes: number, blob: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buf.length;
    if (size > maxBytes) {
      (stream as Readable).destroy?.();
      throw new MediaError('media_too_large', `blob ${blob} is larger than ${maxBytes} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function storageError(err: unknown, blob: string): MediaError {
  if (err instanceof MediaError) return err;
  if (statusOf(err) === 404) return new MediaError('media_missing', `blob ${blob} does not exist`);
  return new MediaError('media_unreachable', `blob ${blob}: ${err instanceof Error ? err.message : String(err)}`);
}

export function makeBlobMediaStore(container: ContainerClient, opts: { maxBytes: number }): MediaStore {
  return {
    async ensure() {
      await container.createIfNotExists();
    },
    async read(blob) {
      try {
        const res = await container.getBlobClient(blob).download();
        if ((res.contentLength ?? 0) > opts.maxBytes) {
          (res.readableStreamBody as Readable | undefined)?.destroy();
          throw new MediaError('media_too_large', `blob ${blob} has ${res.contentLength} bytes, more than ${opts.maxBytes}`);
        }
        const body = res.readableStreamBody;
        const bytes = body ? await collect(body, opts.maxBytes, blob) : Buffer.alloc(0);
        return { bytes, size: bytes.length, sha256: sha256Hex(bytes), ...(res.contentType ? { contentType: res.contentType } : {}) };
      } catch (err) {
        throw storageError(err, blob);
      }
    },
    async open(blob) {
      try {
        const res = await container.getBlobClient(blob).download();
        const body = res.readableStreamBody;
        const stream = body ? Readable.from(body as AsyncIterable<Buffer>) : Readable.from([]);
        return { stream, ...(res.contentLength !== undefined ? { size: res.contentLength } : {}), ...(res.contentType ? { contentType: res.contentType } : {}) };
      } catch (err) {
        throw storageError(err, blob);
      }
    },
    async stat(blob) {
      try {
        const p = await container.getBlobClient(blob).getProperties();
        return { size: p.contentLength ?? 0, ...(p.contentType ? { contentType: p.contentType } : {}) };
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async write(blob, source, contentType, signal) {
      const m = meter();
      const client = container.getBlockBlobClient(blob);
      // The upload reads from the meter while the pipeline feeds it; either failing fails both.
      const feeding = pipeline(source, m, ...(signal ? [{ signal }] : []));
      const uploading = client
        .uploadStream(m, 1024 * 1024, 2, { blobHTTPHeaders: { blobContentType: contentType }, ...(signal ? { abortSignal: signal } : {}) })
        .catch((err: unknown) => {
          m.destroy(err instanceof Error ? err : new Error(String(err))); // stops the feed (and the source) too
          throw err;
        });
      await Promise.all([feeding, uploading]);
      return m.result();
    },
  };
}

/** The same contract in memory, for unit tests of the session code. */
export function makeMemoryMediaStore(opts: { maxBytes?: number } = {}): MediaStore & { blobs: Map<string, { bytes: Buffer; contentType: string }> } {
  const blobs = new Map<string, { bytes: Buffer; contentType: string }>();
  const maxBytes = opts.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const get = (blob: string): { bytes: Buffer; contentType: string } => {
    const b = blobs.get(blob);
    if (!b) throw new MediaError('media_missing', `blob ${blob} does not exist`);
    return b;
  };
  return {
    blobs,
    async ensure() {},
    async read(blob) {
      const b = get(blob);
      if (b.bytes.length > maxBytes) throw new MediaError('media_too_large', `blob ${blob} is larger than ${maxBytes} bytes`);
      return { bytes: b.bytes, size: b.bytes.length, sha256: sha256Hex(b.bytes), contentType: b.contentType };
    },
    async open(blob) {
      const b = get(blob);
      return { stream: Readable.from([b.bytes]), size: b.bytes.length, contentType: b.contentType };
    },
    async stat(blob) {
      const b = blobs.get(blob);
      return b ? { size: b.bytes.length, contentType: b.contentType } : undefined;
    },
    async write(blob, source, contentType, signal) {
      const m = meter();
      const chunks: Buffer[] = [];
      m.on('data', (c: Buffer) => chunks.push(c));
      await pipeline(source, m, ...(signal ? [{ signal }] : []));
      blobs.set(blob, { bytes: Buffer.concat(chunks), contentType });
      return m.result();
    },
  };
}
