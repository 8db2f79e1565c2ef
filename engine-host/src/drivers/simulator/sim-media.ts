import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { normalizeMessageContent } from '@whiskeysockets/baileys';
import type { proto, WAMessage } from '@whiskeysockets/baileys';
import type { MediaKind, MediaRef } from '../../bus/content.js';
import type { MediaStore } from '../../media/media-store.js';

// The simulator's stand-in for WhatsApp's media CDN. An inbound media message
// points (directPath) either at a blob the caller uploaded, or at a small
// sample file generated from the message id (v1's flat sim.inbound). The
// engine downloads it through the socket like a real one and stores the bytes.

const blobPrefix = '/sim/blob/';
const samplePrefix = '/sim/sample/';

export const defaultMimetypes: Record<MediaKind, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/pdf',
  sticker: 'image/webp',
};

export function sampleBytes(kind: MediaKind, id: string): Buffer {
  const seed = createHash('sha256').update(`${kind}\n${id}`).digest();
  return Buffer.concat(Array.from({ length: 64 }, (_, i) => createHash('sha256').update(seed).update(String(i)).digest()));
}

/** The media fields of a simulated inbound message. */
export async function mediaFields(
  store: MediaStore,
  source: { ref: MediaRef } | { sample: MediaKind; id: string },
): Promise<{ mimetype: string; directPath: string; url: string; fileLength?: number; fileSha256?: Uint8Array; fileName?: string }> {
  if ('sample' in source) {
    const bytes = sampleBytes(source.sample, source.id);
    const path = `${samplePrefix}${source.sample}/${encodeURIComponent(source.id)}`;
    return {
      mimetype: defaultMimetypes[source.sample],
      directPath: path,
      url: `https://sim.invalid${path}`,
      fileLength: bytes.length,
      fileSha256: createHash('sha256').update(bytes).digest(),
      ...(source.sample === 'document' ? { fileName: 'document.pdf' } : {}),
    };
  }
  const { ref } = source;
  const path = `${blobPrefix}${encodeURIComponent(ref.blob)}`;
  // What the sender's phone would say about the file; a missing blob becomes a failed download later.
  const stat = await store.stat(ref.blob);
  const size = stat?.size ?? ref.size;
  return {
    mimetype: ref.mimetype,
    directPath: path,
    url: `https://sim.invalid${path}`,
    ...(size !== undefined ? { fileLength: size } : {}),
    ...(ref.sha256 ? { fileSha256: Buffer.from(ref.sha256, 'hex') } : {}),
    ...(ref.fileName ? { fileName: ref.fileName } : {}),
  };
}

type AnyMedia = { directPath?: string | null };

function mediaOf(msg: WAMessage): AnyMedia | undefined {
  const c: proto.IMessage | undefined = normalizeMessageContent(msg.message);
  return c?.imageMessage ?? c?.videoMessage ?? c?.audioMessage ?? c?.documentMessage ?? c?.stickerMessage ?? undefined;
}

export async function downloadSimMedia(store: MediaStore, msg: WAMessage): Promise<Readable> {
  const path = mediaOf(msg)?.directPath ?? '';
  if (path.startsWith(blobPrefix)) return (await store.open(decodeURIComponent(path.slice(blobPrefix.length)))).stream;
  if (path.startsWith(samplePrefix)) {
    const [kind = '', id = ''] = path.slice(samplePrefix.length).split('/');
    return Readable.from([sampleBytes(kind as MediaKind, decodeURIComponent(id))]);
  }
  throw new Error('the message has no simulated media to download');
}
