import { BadEnvelopeError } from './envelope.js';
import { str, type Data } from './fields.js';
import { jidList } from './jid-fields.js';

// group.* commands: request/response, each answered by one command.result
// carrying the same requestId.

export type GroupAction = 'add' | 'remove' | 'promote' | 'demote';
const groupActions: readonly GroupAction[] = ['add', 'remove', 'promote', 'demote'];

export type GroupCommand =
  | { type: 'group.list'; requestId: string }
  | { type: 'group.get'; requestId: string; groupId: string }
  | { type: 'group.create'; requestId: string; subject: string; participants: string[] }
  | { type: 'group.update'; requestId: string; groupId: string; subject?: string; description?: string }
  | { type: 'group.participants'; requestId: string; groupId: string; action: GroupAction; participants: string[] }
  | { type: 'group.invite'; requestId: string; groupId: string }
  | { type: 'group.leave'; requestId: string; groupId: string };

export type GroupCommandType = GroupCommand['type'];
export const groupCommandTypes: readonly GroupCommandType[] = [
  'group.list', 'group.get', 'group.create', 'group.update', 'group.participants', 'group.invite', 'group.leave',
];

export const isGroupCommandType = (type: string): type is GroupCommandType => (groupCommandTypes as readonly string[]).includes(type);

/** `<digits>[-<digits>]@g.us`; the bare id is accepted and completed. */
export function groupJid(raw: string, field = 'groupId'): string {
  const id = raw.trim();
  if (/^\d+(-\d+)?@g\.us$/.test(id)) return id;
  if (/^\d+(-\d+)?$/.test(id)) return `${id}@g.us`;
  throw new BadEnvelopeError(`data.${field} must be a group jid (…@g.us)`);
}

export function parseGroupCommand(type: GroupCommandType, data: Data): GroupCommand {
  const requestId = str(data, 'requestId', true);
  switch (type) {
    case 'group.list':
      return { type, requestId };
    case 'group.get':
    case 'group.invite':
    case 'group.leave':
      return { type, requestId, groupId: groupJid(str(data, 'groupId', true)) };
    case 'group.create': {
      const subject = str(data, 'subject', true);
      if (subject.length > 100) throw new BadEnvelopeError('data.subject must be at most 100 characters');
      return { type, requestId, subject, participants: jidList(data, 'participants', { min: 1 }) };
    }
    case 'group.update': {
      const subject = str(data, 'subject');
      const description = data['description'];
      if (description !== undefined && typeof description !== 'string') throw new BadEnvelopeError('data.description must be a string ("" removes it)');
      if (subject === undefined && description === undefined) throw new BadEnvelopeError('data.subject or data.description is required');
      if (subject !== undefined && subject.length > 100) throw new BadEnvelopeError('data.subject must be at most 100 characters');
      return {
        type,
        requestId,
        groupId: groupJid(str(data, 'groupId', true)),
        ...(subject !== undefined ? { subject } : {}),
        ...(description !== undefined ? { description } : {}),
      };
    }
    case 'group.participants': {
      const action = str(data, 'action', true) as GroupAction;
      if (!groupActions.includes(action)) throw new BadEnvelopeError(`data.action must be one of ${groupActions.join(', ')}`);
      return { type, requestId, groupId: groupJid(str(data, 'groupId', true)), action, participants: jidList(data, 'participants', { min: 1 }) };
    }
  }
}
