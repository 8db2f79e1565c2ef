import { randomUUID } from 'node:crypto';

// The engine bus contract (v1): UTF-8 JSON, base64-encoded in the queue.
// Shapes are documented in README.md; functions/ consumes exactly these.

export type Envelope<TType extends string = string, TData = unknown> = {
  v: 1;
  id: string;
  type: TType;
  sessionId: string;
  /** ISO-8601 instant the message was created */
  at: string;
  /** per-session counter, events only */
  seq?: number;
  data: TData;
};

export function encodeEnvelope(envelope: Envelope): string {
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
}

export class BadEnvelopeError extends Error {}

/**
 * Accepts base64 (the Functions default) and, leniently, raw JSON text so a
 * message typed into a queue explorer by hand still works.
 */
export function decodeEnvelope(text: string): Envelope {
  const trimmed = text.trim();
  const json = trimmed.startsWith('{') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new BadEnvelopeError('message is not JSON (nor base64 of JSON)');
  }
  if (!parsed || typeof parsed !== 'object') throw new BadEnvelopeError('envelope must be an object');
  const e = parsed as Record<string, unknown>;
  if (e['v'] !== 1) throw new BadEnvelopeError(`unsupported envelope version ${String(e['v'])}`);
  if (typeof e['type'] !== 'string' || !e['type']) throw new BadEnvelopeError('envelope.type is required');
  if (typeof e['sessionId'] !== 'string' || !e['sessionId']) throw new BadEnvelopeError('envelope.sessionId is required');
  if (typeof e['id'] !== 'string' || !e['id']) throw new BadEnvelopeError('envelope.id is required');
  const data = e['data'] === undefined ? {} : e['data'];
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new BadEnvelopeError('envelope.data must be an object');
  return {
    v: 1,
    id: e['id'],
    type: e['type'],
    sessionId: e['sessionId'],
    at: typeof e['at'] === 'string' ? e['at'] : new Date().toISOString(),
    ...(typeof e['seq'] === 'number' ? { seq: e['seq'] } : {}),
    data,
  };
}

export function makeEnvelope<TType extends string, TData>(
  type: TType,
  sessionId: string,
  data: TData,
  seq?: number,
): Envelope<TType, TData> {
  return {
    v: 1,
    id: randomUUID(),
    type,
    sessionId,
    at: new Date().toISOString(),
    ...(seq === undefined ? {} : { seq }),
    data,
  };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
