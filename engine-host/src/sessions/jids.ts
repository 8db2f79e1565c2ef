import { isJidGroup, jidNormalizedUser } from '@whiskeysockets/baileys';

// Addresses: commands may name a recipient by bare number ("+49 151 ...") or jid.

export function toJid(to: string): string {
  if (to.includes('@')) return to.endsWith('@s.whatsapp.net') || to.endsWith('@c.us') ? jidNormalizedUser(to) : to;
  const digits = to.replace(/\D/g, '');
  if (!digits) throw new Error(`"${to}" is neither a jid nor a phone number`);
  return `${digits}@s.whatsapp.net`;
}

export const isGroup = (jid: string): boolean => isJidGroup(jid) === true;

/** Individual phone-number addresses are the ones "on WhatsApp" checks apply to. */
export const isPhoneJid = (jid: string): boolean => jid.endsWith('@s.whatsapp.net');

export const isLidJid = (jid: string | null | undefined): boolean => Boolean(jid?.endsWith('@lid'));

export const phoneOf = (jid: string): string => (jid.split('@')[0] ?? '').split(':')[0] ?? '';

/** A jid without device suffix; other strings unchanged. */
export const normalize = (jid: string | null | undefined): string => (jid && jid.includes('@') ? jidNormalizedUser(jid) : jid ?? '');

/** Phone-number jid when WhatsApp addressed someone by LID and told us the number too. */
export function preferPhone(jid: string | null | undefined, alt: string | null | undefined): string {
  return normalize(isLidJid(jid) && alt?.endsWith('@s.whatsapp.net') ? alt : jid);
}

/** The distinct, normalized, non-empty jids among the given ones, in order. */
export function distinctJids(...jids: (string | null | undefined)[]): string[] {
  return [...new Set(jids.filter((j): j is string => Boolean(j && j.includes('@'))).map((j) => jidNormalizedUser(j)))];
}
