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

export const phoneOf = (jid: string): string => (jid.split('@')[0] ?? '').split(':')[0] ?? '';
