import type { GroupCommand } from '../bus/group-commands.js';
import type { CommandResultBody } from '../bus/events.js';
import type { EngineSocket } from '../drivers/driver.js';
import { normalize } from '../sessions/jids.js';
import { toGroupInfo } from './group-info.js';

// group.* commands on a ready socket. Errors propagate; the command handler
// turns them into command.result error codes (see command-errors.ts).

export const inviteLink = (code: string): string => `https://chat.whatsapp.com/${code}`;

export async function runGroupCommand(sock: EngineSocket, cmd: GroupCommand): Promise<CommandResultBody> {
  switch (cmd.type) {
    case 'group.list':
      return { groups: Object.values(await sock.groupFetchAllParticipating()).map(toGroupInfo) };
    case 'group.get':
      return { group: toGroupInfo(await sock.groupMetadata(cmd.groupId)) };
    case 'group.create':
      return { group: toGroupInfo(await sock.groupCreate(cmd.subject, cmd.participants)) };
    case 'group.update':
      if (cmd.subject !== undefined) await sock.groupUpdateSubject(cmd.groupId, cmd.subject);
      // "" removes the description (Baileys sends a delete when it gets none).
      if (cmd.description !== undefined) await sock.groupUpdateDescription(cmd.groupId, cmd.description || undefined);
      return { group: toGroupInfo(await sock.groupMetadata(cmd.groupId)) };
    case 'group.participants': {
      const outcome = await sock.groupParticipantsUpdate(cmd.groupId, cmd.participants, cmd.action);
      return { groupId: cmd.groupId, participants: outcome.map((o) => ({ jid: normalize(o.jid), status: String(o.status) })) };
    }
    case 'group.invite': {
      const code = await sock.groupInviteCode(cmd.groupId);
      if (!code) throw new Error('WhatsApp returned no invite code');
      return { groupId: cmd.groupId, code, link: inviteLink(code) };
    }
    case 'group.leave':
      await sock.groupLeave(cmd.groupId);
      return { groupId: cmd.groupId };
  }
}
