import type { GroupMetadata, GroupParticipant } from '@whiskeysockets/baileys';
import type { GroupInfo, GroupParticipantInfo } from '../bus/events.js';
import { isLidJid, isPhoneJid, normalize } from '../sessions/jids.js';

// Baileys' GroupMetadata → the bus's GroupInfo. People are named by phone-number
// jid where WhatsApp tells us the number, else by whatever jid it used (LID).

/** A participant as Baileys reports it: an object (v7) or a bare jid (older notifications). */
export type ParticipantLike = GroupParticipant | string;

export function participantJid(p: ParticipantLike): string {
  if (typeof p === 'string') return normalize(p);
  if (p.phoneNumber && isPhoneJid(normalize(p.phoneNumber))) return normalize(p.phoneNumber);
  return normalize(p.id);
}

function participant(p: GroupParticipant): GroupParticipantInfo {
  const jid = participantJid(p);
  const lid = p.lid ?? (isLidJid(p.id) ? p.id : undefined);
  const admin = p.admin === 'admin' || p.admin === 'superadmin' ? p.admin : p.isSuperAdmin ? 'superadmin' : p.isAdmin ? 'admin' : null;
  return { jid, admin, ...(lid && normalize(lid) !== jid ? { lid: normalize(lid) } : {}) };
}

export function toGroupInfo(meta: GroupMetadata): GroupInfo {
  const owner = meta.ownerPn ?? meta.owner;
  return {
    id: meta.id,
    subject: meta.subject ?? '',
    ...(meta.desc ? { description: meta.desc } : {}),
    ...(owner ? { owner: normalize(owner) } : {}),
    ...(meta.creation ? { createdAt: meta.creation } : {}),
    participants: (meta.participants ?? []).map(participant),
    ...(meta.announce !== undefined ? { announce: meta.announce } : {}),
    ...(meta.restrict !== undefined ? { restrict: meta.restrict } : {}),
    ...(meta.size !== undefined ? { size: meta.size } : {}),
  };
}

/** groups.update entries carry full metadata when they come from a fetch, partial ones from notifications. */
export const isFullMetadata = (u: Partial<GroupMetadata>): u is GroupMetadata =>
  typeof u.id === 'string' && typeof u.subject === 'string' && Array.isArray(u.participants);
