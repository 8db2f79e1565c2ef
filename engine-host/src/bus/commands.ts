import { BadEnvelopeError, type Envelope } from './envelope.js';
import { num, str, type Data } from './fields.js';
import { parseContent, type MessageContent } from './content.js';

// Commands arriving on engine-commands, validated into typed values. Anything
// that fails validation can never succeed, so the loop dead-letters it at once.

export type SendOptions = { typingMs?: number };

export type Command =
  | { type: 'session.start'; pairingPhone?: string }
  | { type: 'session.stop' }
  | { type: 'session.logout' }
  | { type: 'message.send'; clientMessageId: string; to: string; content: MessageContent; options: SendOptions }
  | { type: 'contacts.check'; requestId: string; numbers: string[] }
  | { type: 'sim.scan'; phone?: string; name?: string }
  | { type: 'sim.inbound'; from: string; author?: string; text: string; name?: string; kind: InboundKind; quotedId?: string }
  | { type: 'sim.status'; messageId: string; status: 'delivered' | 'read' | 'played' }
  | { type: 'sim.disconnect'; code: number }
  | { type: 'sim.timelock'; seconds: number };

export type InboundKind = 'text' | 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'contact';
const inboundKinds: readonly InboundKind[] = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contact'];

/** A decoded queue message and the command it carries. */
export type ParsedCommand = { envelope: Envelope; command: Command };

/** Keeps only optional fields that are present, so the typed command never carries `undefined`. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function parseCommand(type: string, data: Data): Command {
  switch (type) {
    case 'session.start':
      return { type, ...opt('pairingPhone', str(data, 'pairingPhone')?.replace(/\D/g, '')) };
    case 'session.stop':
    case 'session.logout':
      return { type };
    case 'message.send': {
      const options = (data['options'] ?? {}) as Data;
      if (typeof options !== 'object') throw new BadEnvelopeError('data.options must be an object');
      return {
        type,
        clientMessageId: str(data, 'clientMessageId', true),
        to: str(data, 'to', true),
        content: parseContent(data['content']),
        options: opt('typingMs', num(options, 'typingMs')),
      };
    }
    case 'contacts.check': {
      const numbers = data['numbers'];
      if (!Array.isArray(numbers) || numbers.some((n) => typeof n !== 'string')) {
        throw new BadEnvelopeError('data.numbers must be an array of strings');
      }
      return { type, requestId: str(data, 'requestId', true), numbers: numbers as string[] };
    }
    case 'sim.scan':
      return { type, ...opt('phone', str(data, 'phone')?.replace(/\D/g, '')), ...opt('name', str(data, 'name')) };
    case 'sim.inbound': {
      const kind = (str(data, 'kind') ?? 'text') as InboundKind;
      if (!inboundKinds.includes(kind)) throw new BadEnvelopeError(`data.kind must be one of ${inboundKinds.join(', ')}`);
      return {
        type,
        from: str(data, 'from', true),
        text: str(data, 'text') ?? '',
        kind,
        ...opt('author', str(data, 'author')),
        ...opt('name', str(data, 'name')),
        ...opt('quotedId', str(data, 'quotedId')),
      };
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
    default:
      throw new BadEnvelopeError(`unknown command type "${type}"`);
  }
}
