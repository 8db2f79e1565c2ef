import { BufferJSON } from '@whiskeysockets/baileys';

// How one auth value (creds or a Signal key) is laid out in Table rows.
// Values are JSON with Baileys' BufferJSON encoding (Buffers as base64), split
// across string properties d0..d13 (a property holds at most 32K UTF-16 chars,
// an entity at most 1 MiB). The rare value larger than one row (a big
// app-state LTHash) continues in part rows `<rowKey>~1`, `<rowKey>~2`, ...
// `~` never occurs in an encoded key, so part rows cannot collide with keys.

export const charsPerProp = 32_000;
export const propsPerRow = 14;
const charsPerRow = charsPerProp * propsPerRow;

export type ValueRow = {
  partitionKey: string;
  rowKey: string;
  /** number of rows the value spans, on the first row only */
  parts?: number;
  /** tombstone: the key was deleted (see table-auth-state.ts for why) */
  gone?: boolean;
  [prop: `d${number}`]: string;
};

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

export function decodeValue(json: string): unknown {
  return JSON.parse(json, BufferJSON.reviver) as unknown;
}

export const partRowKey = (rowKey: string, part: number): string => (part === 0 ? rowKey : `${rowKey}~${part}`);

export function toRows(partitionKey: string, rowKey: string, json: string): ValueRow[] {
  const parts = Math.max(1, Math.ceil(json.length / charsPerRow));
  const rows: ValueRow[] = [];
  for (let p = 0; p < parts; p++) {
    const slice = json.slice(p * charsPerRow, (p + 1) * charsPerRow);
    const row: ValueRow = { partitionKey, rowKey: partRowKey(rowKey, p) };
    if (p === 0) row.parts = parts;
    for (let i = 0; i * charsPerProp < slice.length; i++) row[`d${i}`] = slice.slice(i * charsPerProp, (i + 1) * charsPerProp);
    rows.push(row);
  }
  return rows;
}

export function rowText(row: Record<string, unknown>): string {
  let text = '';
  for (let i = 0; i < propsPerRow; i++) {
    const chunk = row[`d${i}`];
    if (typeof chunk !== 'string') break;
    text += chunk;
  }
  return text;
}

export const tombstone = (partitionKey: string, rowKey: string): ValueRow => ({ partitionKey, rowKey, gone: true, parts: 0 });

/** Rough request size of a row, to keep a transaction under the 4 MiB limit. */
export function rowBytes(row: ValueRow): number {
  let n = 200 + row.rowKey.length;
  for (let i = 0; i < propsPerRow; i++) n += row[`d${i}`]?.length ?? 0;
  return n;
}
