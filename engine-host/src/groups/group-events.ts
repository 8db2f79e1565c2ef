import type { GroupMetadata, GroupParticipant, ParticipantAction } from '@whiskeysockets/baileys';
import type { EventSink, GroupInfo } from '../bus/events.js';
import type { EngineSocket } from '../drivers/driver.js';
import { errorText, type Log } from '../log.js';
import { normalize } from '../sessions/jids.js';
import { isFullMetadata, participantJid, toGroupInfo } from './group-info.js';

// Keeps the functions side's group metadata fresh: group.joined when we join
// (and for every group right after a session becomes ready), group.updated
// when a group changes, group.participants when members come, go or change rank.
// One tracker per session; it outlives sockets so it can drop repeats: an
// update identical to what was last published for that group is not news.

export type GroupTracker = ReturnType<typeof makeGroupTracker>;

export function makeGroupTracker(deps: { sessionId: string; events: EventSink; log: Log }) {
  const { sessionId, events, log } = deps;
  const lastPublished = new Map<string, string>();
  // Baileys' groupFetchAllParticipating also emits every group as a full groups.update;
  // during our own sync those are the group.joined we are about to publish.
  let syncing = 0;

  async function publish(type: 'group.joined' | 'group.updated', group: GroupInfo): Promise<void> {
    const text = JSON.stringify(group);
    if (type === 'group.updated' && lastPublished.get(group.id) === text) return;
    lastPublished.set(group.id, text);
    await events.publish(sessionId, type, { group });
  }

  async function refresh(sock: EngineSocket, update: Partial<GroupMetadata>): Promise<void> {
    if (!update.id) return;
    if (syncing > 0 && isFullMetadata(update)) return;
    const meta = isFullMetadata(update) ? update : await sock.groupMetadata(update.id);
    await publish('group.updated', toGroupInfo(meta));
  }

  return {
    /** every group we are in, as group.joined (called once a session is ready) */
    async syncAll(sock: EngineSocket): Promise<number> {
      syncing++;
      let all: GroupMetadata[];
      try {
        all = Object.values(await sock.groupFetchAllParticipating());
      } finally {
        syncing--;
      }
      await Promise.all(all.map((meta) => publish('group.joined', toGroupInfo(meta))));
      return all.length;
    },
    bind(sock: EngineSocket, current: () => boolean, report: (p: Promise<unknown>, what: string) => void): void {
      sock.ev.on('groups.upsert', (groups) => {
        if (!current()) return;
        for (const g of groups) report(publish('group.joined', toGroupInfo(g)), 'publishing group.joined');
      });
      sock.ev.on('groups.update', (updates) => {
        if (!current()) return;
        for (const u of updates) {
          report(
            refresh(sock, u).catch((err: unknown) => log.warn('group metadata refresh failed', { groupId: u.id, error: errorText(err) })),
            'publishing group.updated',
          );
        }
      });
      sock.ev.on('group-participants.update', (u: { id: string; author?: string; authorPn?: string; participants: (GroupParticipant | string)[]; action: ParticipantAction }) => {
        if (!current()) return;
        lastPublished.delete(u.id); // the next full update is news whatever it looks like
        const by = u.authorPn ?? u.author;
        report(
          events.publish(sessionId, 'group.participants', {
            groupId: u.id,
            action: u.action,
            participants: u.participants.map(participantJid),
            ...(by ? { by: normalize(by) } : {}),
          }),
          'publishing group.participants',
        );
      });
    },
  };
}
