import { BadEnvelopeError } from './envelope.js';
import { num, str, type Data } from './fields.js';

// message.send `content` (and sim.inbound `content`), one variant per `kind`.
// Media is always a blob in the `media` container that the functions side
// uploaded; the engine never fetches a URL.

/** A file in the media container. `sha256` is lowercase hex of the bytes. */
export type MediaRef = { blob: string; mimetype: string; fileName?: string; size?: number; sha256?: string };

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';
export const mediaKinds: readonly MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];

export type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'image' | 'video'; media: MediaRef; caption?: string; viewOnce?: boolean }
  | { kind: 'audio'; media: MediaRef; ptt?: boolean; viewOnce?: boolean }
  | { kind: 'document'; media: MediaRef; caption?: string }
  | { kind: 'sticker'; media: MediaRef }
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: 'contact'; fullName: string; phoneNumber: string; organization?: string }
  | { kind: 'poll'; name: string; options: string[]; selectableCount?: number }
  | { kind: 'reaction'; messageId: string; emoji: string; fromMe?: boolean; participant?: string };

export type ContentKind = MessageContent['kind'];
export type MediaContent = Extract<MessageContent, { media: MediaRef }>;

export const isMediaContent = (c: MessageContent): c is MediaContent => 'media' in c;

export const maxPollOptions = 12;

/** Drops keys whose value is undefined, so typed values never carry `undefined`. */
export function present<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}

function object(raw: unknown, what: string): Data {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BadEnvelopeError(`${what} must be an object`);
  return raw as Data;
}

function bool(c: Data, field: string): boolean | undefined {
  const v = c[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new BadEnvelopeError(`content.${field} must be a boolean`);
  return v;
}

function mediaRef(raw: unknown): MediaRef {
  const m = object(raw, 'content.media');
  if ('url' in m) throw new BadEnvelopeError('content.media.url is not supported: upload the file to the media container and pass media.blob');
  const blob = str(m, 'blob', true);
  if (blob.length > 1024 || blob.startsWith('/')) throw new BadEnvelopeError('content.media.blob must be a blob name (at most 1024 characters, no leading "/")');
  const mimetype = str(m, 'mimetype', true);
  if (!/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(mimetype)) throw new BadEnvelopeError('content.media.mimetype must be a MIME type');
  const size = num(m, 'size');
  if (size !== undefined && (!Number.isInteger(size) || size < 0)) throw new BadEnvelopeError('content.media.size must be a non-negative integer');
  const sha256 = str(m, 'sha256');
  if (sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha256)) throw new BadEnvelopeError('content.media.sha256 must be 64 hex digits');
  return present({ blob, mimetype, fileName: str(m, 'fileName'), size, sha256: sha256?.toLowerCase() });
}

function refuse(c: Data, kind: string, fields: string[]): void {
  for (const f of fields) if (c[f] !== undefined) throw new BadEnvelopeError(`content.${f} is not supported for kind "${kind}"`);
}

function pollOptions(c: Data): string[] {
  const options = c['options'];
  if (!Array.isArray(options) || options.length < 2 || options.length > maxPollOptions || options.some((o) => typeof o !== 'string' || !o)) {
    throw new BadEnvelopeError(`content.options must be two to ${maxPollOptions} non-empty strings`);
  }
  if (new Set(options).size !== options.length) throw new BadEnvelopeError('content.options must be distinct');
  return options as string[];
}

export function parseContent(raw: unknown): MessageContent {
  const c = object(raw, 'data.content');
  const kind = str(c, 'kind', true);
  switch (kind) {
    case 'text':
      return { kind, text: str(c, 'text', true) };
    case 'image':
    case 'video':
      return present({ kind, media: mediaRef(c['media']), caption: str(c, 'caption'), viewOnce: bool(c, 'viewOnce') });
    case 'audio':
      refuse(c, kind, ['caption']);
      return present({ kind, media: mediaRef(c['media']), ptt: bool(c, 'ptt'), viewOnce: bool(c, 'viewOnce') });
    case 'document':
      refuse(c, kind, ['viewOnce']);
      return present({ kind, media: mediaRef(c['media']), caption: str(c, 'caption') });
    case 'sticker':
      refuse(c, kind, ['caption', 'viewOnce']);
      return { kind, media: mediaRef(c['media']) };
    case 'location': {
      const latitude = num(c, 'latitude', true);
      const longitude = num(c, 'longitude', true);
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) throw new BadEnvelopeError('content latitude/longitude out of range');
      return present({ kind, latitude, longitude, name: str(c, 'name'), address: str(c, 'address') });
    }
    case 'contact': {
      // `name` / `phone` are the v1 field names, still accepted.
      const fullName = str(c, 'fullName') ?? str(c, 'name');
      const phoneNumber = str(c, 'phoneNumber') ?? str(c, 'phone');
      if (!fullName) throw new BadEnvelopeError('content.fullName is required');
      if (!phoneNumber || !/\d/.test(phoneNumber)) throw new BadEnvelopeError('content.phoneNumber is required (digits)');
      return present({ kind, fullName, phoneNumber, organization: str(c, 'organization') });
    }
    case 'poll': {
      const options = pollOptions(c);
      const selectableCount = num(c, 'selectableCount');
      if (selectableCount !== undefined && (!Number.isInteger(selectableCount) || selectableCount < 0 || selectableCount > options.length)) {
        throw new BadEnvelopeError('content.selectableCount must be an integer from 0 (any number) to the number of options');
      }
      return present({ kind, name: str(c, 'name', true), options, selectableCount });
    }
    case 'reaction': {
      const emoji = c['emoji'];
      if (typeof emoji !== 'string') throw new BadEnvelopeError('content.emoji must be a string ("" removes a reaction)');
      return present({ kind, messageId: str(c, 'messageId', true), emoji, fromMe: bool(c, 'fromMe'), participant: str(c, 'participant') });
    }
    default:
      throw new BadEnvelopeError(`content.kind "${kind}" is not supported`);
  }
}
