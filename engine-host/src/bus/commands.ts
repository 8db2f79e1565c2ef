import { BadEnvelopeError, type Envelope } from './envelope.js';
import { num, str, type Data } from './fields.js';
import { parseContent, type MessageContent } from './content.js';
import { jid, jidList } from './jid-fields.js';
import { isGroupCommandType, parseGroupCommand, type GroupCommand } from './group-commands.js';
import { isSimCommandType, parseSimCommand, type SimCommand } from './sim-commands.js';

// Commands arriving on engine-commands, validated into typed values. Anything
// that fails validation can never succeed, so the loop dead-letters it at once
// (answering first when the command expected an answer; see malformedAnswer).

/** A quoted reply: the message replied to. `participant` is its author in a group; `body` its text (shown if the phone lacks it). */
export type ReplyTo = { id: string; fromMe: boolean; participant?: string; body?: string };

export type SendOptions = { typingMs?: number; replyTo?: ReplyTo; mentions?: string[] };

export type ReadMessage = { id: string; participant?: string };

export type Command =
  | { type: 'session.start'; pairingPhone?: string }
  | { type: 'session.stop' }
  | { type: 'session.logout' }
  | { type: 'message.send'; clientMessageId: string; to: string; content: MessageContent; options: SendOptions }
  | { type: 'contacts.check'; requestId: string; numbers: string[] }
  | { type: 'chat.read'; chatId: string; messages: ReadMessage[]; requestId?: string }
  | GroupCommand
  | SimCommand;

export type { GroupCommand, SimCommand };

/** A decoded queue message and the command it carries. */
export type ParsedCommand = { envelope: Envelope; command: Command };

/** Keeps only optional fields that are present, so the typed command never carries `undefined`. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function objectField(data: Data, field: string): Data | undefined {
  const v = data[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new BadEnvelopeError(`data.${field} must be an object`);
  return v as Data;
}

function replyTo(options: Data): ReplyTo | undefined {
  const r = objectField(options, 'replyTo');
  if (!r) return undefined;
  if (typeof r['fromMe'] !== 'boolean') throw new BadEnvelopeError('data.options.replyTo.fromMe must be a boolean');
  const participant = str(r, 'participant');
  return {
    id: str(r, 'id', true),
    fromMe: r['fromMe'],
    ...opt('participant', participant === undefined ? undefined : jid(participant, 'options.replyTo.participant')),
    ...opt('body', str(r, 'body')),
  };
}

function sendOptions(data: Data, content: MessageContent): SendOptions {
  const options = objectField(data, 'options') ?? {};
  const reply = replyTo(options);
  const mentions = options['mentions'] === undefined ? undefined : jidList(options, 'mentions');
  if (content.kind === 'reaction' && (reply || mentions?.length)) {
    throw new BadEnvelopeError('data.options.replyTo and mentions do not apply to a reaction');
  }
  if (mentions?.length && 'viewOnce' in content && content.viewOnce) {
    // Baileys 7.0.0-rc14 wraps view-once content before adding mentions, which then land on the wrapper and are lost.
    throw new BadEnvelopeError('data.options.mentions cannot be combined with content.viewOnce');
  }
  return { ...opt('typingMs', num(options, 'typingMs')), ...opt('replyTo', reply), ...opt('mentions', mentions?.length ? mentions : undefined) };
}

function readMessages(data: Data): ReadMessage[] {
  const raw = data['messages'];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 1000) throw new BadEnvelopeError('data.messages must be 1 to 1000 { id, participant? } objects');
  return raw.map((m: unknown) => {
    if (!m || typeof m !== 'object' || Array.isArray(m)) throw new BadEnvelopeError('data.messages entries must be objects');
    const participant = str(m as Data, 'participant');
    return { id: str(m as Data, 'id', true), ...opt('participant', participant === undefined ? undefined : jid(participant, 'messages.participant')) };
  });
}

export function parseCommand(type: string, data: Data): Command {
  if (isGroupCommandType(type)) return parseGroupCommand(type, data);
  if (isSimCommandType(type)) return parseSimCommand(type, data);
  switch (type) {
    case 'session.start':
      return { type, ...opt('pairingPhone', str(data, 'pairingPhone')?.replace(/\D/g, '')) };
    case 'session.stop':
    case 'session.logout':
      return { type };
    case 'message.send': {
      const content = parseContent(data['content']);
      return {
        type,
        clientMessageId: str(data, 'clientMessageId', true),
        to: str(data, 'to', true),
        content,
        options: sendOptions(data, content),
      };
    }
    case 'contacts.check': {
      const numbers = data['numbers'];
      if (!Array.isArray(numbers) || numbers.some((n) => typeof n !== 'string')) {
        throw new BadEnvelopeError('data.numbers must be an array of strings');
      }
      return { type, requestId: str(data, 'requestId', true), numbers: numbers as string[] };
    }
    case 'chat.read': {
      const chatId = jid(str(data, 'chatId', true), 'chatId');
      const messages = readMessages(data);
      // A group read receipt names the message's author; WhatsApp cannot route it otherwise.
      if (chatId.endsWith('@g.us') && messages.some((m) => !m.participant)) throw new BadEnvelopeError('data.messages[].participant is required in a group chat');
      return { type, chatId, messages, ...opt('requestId', str(data, 'requestId')) };
    }
    default:
      throw new BadEnvelopeError(`unknown command type "${type}"`);
  }
}
