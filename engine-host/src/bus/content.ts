import { BadEnvelopeError } from './envelope.js';
import { num, str, type Data } from './fields.js';

// message.send `content`, one variant per `kind`. Media is always by URL; the
// engine fetches it (Baileys downloads the URL itself while uploading).

export type MediaContent = { url: string; caption?: string; mimetype?: string };

export type MessageContent =
  | { kind: 'text'; text: string }
  | ({ kind: 'image' } & MediaContent)
  | ({ kind: 'video' } & MediaContent)
  | { kind: 'audio'; url: string; mimetype?: string; ptt?: boolean }
  | ({ kind: 'document'; filename?: string } & MediaContent)
  | { kind: 'sticker'; url: string }
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: 'contact'; name: string; phone: string }
  | { kind: 'poll'; name: string; options: string[]; selectableCount?: number }
  | { kind: 'reaction'; messageId: string; emoji: string; fromMe?: boolean; participant?: string };

export type ContentKind = MessageContent['kind'];

function url(data: Data): string {
  const value = str(data, 'url', true);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new BadEnvelopeError('content.url must be an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BadEnvelopeError('content.url must be http(s)');
  }
  return value;
}

function present<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}

export function parseContent(raw: unknown): MessageContent {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BadEnvelopeError('data.content must be an object');
  const c = raw as Data;
  const kind = str(c, 'kind', true);
  switch (kind) {
    case 'text':
      return { kind, text: str(c, 'text', true) };
    case 'image':
    case 'video':
      return present({ kind, url: url(c), caption: str(c, 'caption'), mimetype: str(c, 'mimetype') });
    case 'audio':
      return present({ kind, url: url(c), mimetype: str(c, 'mimetype'), ptt: c['ptt'] === true ? true : undefined });
    case 'document':
      return present({ kind, url: url(c), caption: str(c, 'caption'), mimetype: str(c, 'mimetype'), filename: str(c, 'filename') });
    case 'sticker':
      return { kind, url: url(c) };
    case 'location': {
      const latitude = num(c, 'latitude', true);
      const longitude = num(c, 'longitude', true);
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) throw new BadEnvelopeError('content latitude/longitude out of range');
      return present({ kind, latitude, longitude, name: str(c, 'name'), address: str(c, 'address') });
    }
    case 'contact':
      return { kind, name: str(c, 'name', true), phone: str(c, 'phone', true) };
    case 'poll': {
      const options = c['options'];
      if (!Array.isArray(options) || options.length < 2 || options.some((o) => typeof o !== 'string' || !o)) {
        throw new BadEnvelopeError('content.options must be at least two non-empty strings');
      }
      return present({ kind, name: str(c, 'name', true), options: options as string[], selectableCount: num(c, 'selectableCount') });
    }
    case 'reaction': {
      const emoji = c['emoji'];
      if (typeof emoji !== 'string') throw new BadEnvelopeError('content.emoji must be a string ("" removes a reaction)');
      return present({
        kind,
        messageId: str(c, 'messageId', true),
        emoji,
        fromMe: typeof c['fromMe'] === 'boolean' ? c['fromMe'] : undefined,
        participant: str(c, 'participant'),
      });
    }
    default:
      throw new BadEnvelopeError(`content.kind "${kind}" is not supported`);
  }
}
