import { createHash, randomBytes } from 'node:crypto';
import { makeStorage } from '../../src/storage/clients.js';
import type { Config } from '../../src/config.js';

// The functions side's half of media: upload a file to the media container
// before naming it in a command, and read what the engine stored.

export type TestMedia = ReturnType<typeof makeTestMedia>;

export function makeTestMedia(connectionString: string, config: Pick<Config, 'media'>) {
  const container = makeStorage({ kind: 'connectionString', connectionString }).container(config.media.container);
  return {
    container,
    /** uploads `bytes` (random ones by default) and returns the media reference for a command */
    async upload(name: string, mimetype: string, bytes: Buffer = randomBytes(2048), fileName?: string) {
      await container.createIfNotExists();
      await container.getBlockBlobClient(name).uploadData(bytes, { blobHTTPHeaders: { blobContentType: mimetype } });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { bytes, ref: { blob: name, mimetype, size: bytes.length, sha256, ...(fileName ? { fileName } : {}) } };
    },
    async download(name: string): Promise<{ bytes: Buffer; contentType?: string }> {
      const blob = container.getBlobClient(name);
      const bytes = await blob.downloadToBuffer();
      const props = await blob.getProperties();
      return { bytes, ...(props.contentType ? { contentType: props.contentType } : {}) };
    },
  };
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
