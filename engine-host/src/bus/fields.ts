import { BadEnvelopeError } from './envelope.js';

// Field readers for untrusted command data: each names the field it rejects.

export type Data = Record<string, unknown>;

export function str(data: Data, field: string, required: true): string;
export function str(data: Data, field: string, required?: false): string | undefined;
export function str(data: Data, field: string, required = false): string | undefined {
  const value = data[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new BadEnvelopeError(`data.${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new BadEnvelopeError(`data.${field} must be a string`);
  return value;
}

export function num(data: Data, field: string, required: true): number;
export function num(data: Data, field: string, required?: false): number | undefined;
export function num(data: Data, field: string, required = false): number | undefined {
  const value = data[field];
  if (value === undefined || value === null) {
    if (required) throw new BadEnvelopeError(`data.${field} is required`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadEnvelopeError(`data.${field} must be a number`);
  return value;
}

