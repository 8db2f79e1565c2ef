import { BadEnvelopeError } from './envelope.js';
import { num, str, type Data } from './fields.js';
import { mediaKinds, parseContent, type MediaKind, type MessageContent } from './content.js';
import { jidList } from './jid-fields.js';

// sim.* commands: drive the offline simulator (dead-lettered on a real engine).

/** v1's flat sim.inbound media kinds had no file: the simulator generates a small sample one. */
export type SampleMedia = { kind: MediaKind; sample: true; caption?: string };
export type SimInboundContent = MessageContent | SampleMedia;

export type SimReplyTo = { id: string; participant?: string };

/** Who a simulated message comes from: a number/jid, a group (then `author` wrote it), or status@broadcast. */
export type SimOrigin = { from: string; author?: string; name?: string };

export type SimCommand =
  | { type: 'sim.scan'; phone?: string; name?: string }
  | ({ type: 'sim.inbound'; content: SimInboundContent; replyTo?: SimReplyTo; mentions: string[] } & SimOrigin)
  | ({ type: 'sim.reaction'; messageId: string; emoji: string } & SimOrigin)
  | ({ type: 'sim.edit'; messageId: string; body: string } & SimOrigin)
  | ({ type: 'sim.revoke'; messageId: string } & SimOrigin)
  | { type: 'sim.vote'; pollId: string; voter: string; options: string[] }
  | { type: 'sim.status'; messageId: string; status: 'delivered' | 'read' | 'played' }
  | { type: 'sim.disconnect'; code: number }
  | { type: 'sim.timelock'; seconds: number };

export type SimCommandType = SimCommand['type'];
const simTypes: readonly SimCommandType[] = [
  'sim.scan', 'sim.inbound', 'sim.reaction', 'sim.edit', 'sim.revoke', 'sim.vote', 'sim.status', 'sim.disconnect', 'sim.timelock',
];
export const isSimCommandType = (type: string): type is SimCommandType => (simTypes as readonly string[]).includes(type);

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

function origin(data: Data): SimOrigin {
  return { from: str(data, 'from', true), ...opt('author', str(data, 'author')), ...opt('name', str(data, 'name')) };
}

/** v1 flat form: `{ kind?, text?, quotedId? }`. */
function legacyContent(data: Data): SimInboundContent {
  const kind = str(data, 'kind') ?? 'text';
  const text = str(data, 'text') ?? '';
  switch (kind) {
    case 'text':
      return { kind, text };
    case 'location':
      return { kind, latitude: 52.52, longitude: 13.405, ...(text ? { name: text } : {}) };
    case 'contact':
      return { kind, fullName: text || 'Contact', phoneNumber: '15550000001' };
    default:
      if (!(mediaKinds as readonly string[]).includes(kind)) {
        throw new BadEnvelopeError('data.kind must be one of text, image, video, audio, document, sticker, location, contact');
      }
      return { kind: kind as MediaKind, sample: true, ...(text && kind !== 'audio' && kind !== 'sticker' ? { caption: text } : {}) };
  }
}

function replyTo(data: Data): SimReplyTo | undefined {
  const raw = data['replyTo'];
  if (raw === undefined || raw === null) {
    const legacy = str(data, 'quotedId');
    return legacy ? { id: legacy } : undefined;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new BadEnvelopeError('data.replyTo must be an object');
  const r = raw as Data;
  return { id: str(r, 'id', true), ...opt('participant', str(r, 'participant')) };
}

export function parseSimCommand(type: SimCommandType, data: Data): SimCommand {
  switch (type) {
    case 'sim.scan':
      return { type, ...opt('phone', str(data, 'phone')?.replace(/\D/g, '')), ...opt('name', str(data, 'name')) };
    case 'sim.inbound':
      return {
        type,
        ...origin(data),
        content: data['content'] === undefined ? legacyContent(data) : parseContent(data['content']),
        mentions: jidList(data, 'mentions'),
        ...opt('replyTo', replyTo(data)),
      };
    case 'sim.reaction': {
      const emoji = data['emoji'];
      if (typeof emoji !== 'string') throw new BadEnvelopeError('data.emoji must be a string ("" removes a reaction)');
      return { type, ...origin(data), messageId: str(data, 'messageId', true), emoji };
    }
    case 'sim.edit':
      return { type, ...origin(data), messageId: str(data, 'messageId', true), body: str(data, 'body', true) };
    case 'sim.revoke':
      return { type, ...origin(data), messageId: str(data, 'messageId', true) };
    case 'sim.vote': {
      const options = data['options'];
      if (!Array.isArray(options) || options.some((o) => typeof o !== 'string')) throw new BadEnvelopeError('data.options must be an array of option names');
      return { type, pollId: str(data, 'pollId', true), voter: str(data, 'voter', true), options: options as string[] };
    }
    case 'sim.status': {
      const status = str(data, 'status', true);
      if (status !== 'delivered' && status !== 'read' && status !== 'played') {
        throw new BadEnvelopeError('data.status must be delivered, read or played');
      }
      return { type, messageId: str(data, 'messageId', true), status };
    }
    case 'sim.disconnect':
      return { type, code: num(data, 'code') ?? 428 };
    case 'sim.timelock':
      return { type, seconds: Math.max(0, num(data, 'seconds', true)) };
  }
}
