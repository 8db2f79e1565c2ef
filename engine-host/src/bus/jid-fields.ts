import { BadEnvelopeError } from './envelope.js';
import type { Data } from './fields.js';
import { toJid } from '../sessions/jids.js';

// Fields that name people: a phone number in any format or a jid, normalized here.

export function jid(raw: string, field: string): string {
  try {
    return toJid(raw);
  } catch {
    throw new BadEnvelopeError(`data.${field} must be a phone number or a jid, got "${raw}"`);
  }
}

export function jidList(data: Data, field: string, opts: { min?: number; max?: number } = {}): string[] {
  const raw = data[field];
  const min = opts.min ?? 0;
  const max = opts.max ?? 1024;
  if (raw === undefined && min === 0) return [];
  if (!Array.isArray(raw) || raw.length < min || raw.length > max || raw.some((x) => typeof x !== 'string' || !x)) {
    throw new BadEnvelopeError(`data.${field} must be an array of ${min} to ${max} phone numbers or jids`);
  }
  return [...new Set((raw as string[]).map((x) => jid(x, field)))];
}
