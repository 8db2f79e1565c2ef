import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { encodeKey, statusOf } from '../storage/clients.js';

// The send-dedup record: table `enginesent`, PartitionKey = session id,
// RowKey = clientMessageId. Written before the send ("pending", with the
// WhatsApp message id chosen up front) and after it ("sent"/"failed"), so a
// redelivered message.send reports the earlier outcome instead of sending again.

export type SentRecord =
  | { state: 'pending'; messageId: string; to: string }
  | { state: 'sent'; messageId: string; to: string; timestamp: number }
  | { state: 'failed'; messageId: string; to: string; error: string; detail?: string };

export type SentStore = {
  get(sessionId: string, clientMessageId: string): Promise<SentRecord | undefined>;
  put(sessionId: string, clientMessageId: string, record: SentRecord): Promise<void>;
};

type Row = { partitionKey: string; rowKey: string; record: string };

/** Long ids are hashed: a RowKey may not exceed 1 KiB. */
const rowKeyFor = (clientMessageId: string): string =>
  clientMessageId.length <= 256 ? encodeKey(clientMessageId) : 'sha256.' + createHash('sha256').update(clientMessageId).digest('hex');

export function makeTableSentStore(table: TableClient): SentStore {
  return {
    async get(sessionId, clientMessageId) {
      try {
        const row = await table.getEntity<Row>(encodeKey(sessionId), rowKeyFor(clientMessageId));
        return JSON.parse(row.record) as SentRecord;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async put(sessionId, clientMessageId, record) {
      await table.upsertEntity<Row>(
        { partitionKey: encodeKey(sessionId), rowKey: rowKeyFor(clientMessageId), record: JSON.stringify(record) },
        'Replace',
      );
    },
  };
}

export function makeMemorySentStore(): SentStore {
  const rows = new Map<string, SentRecord>();
  return {
    async get(sessionId, id) {
      return rows.get(`${sessionId}\n${id}`);
    },
    async put(sessionId, id, record) {
      rows.set(`${sessionId}\n${id}`, record);
    },
  };
}

/**
 * The WhatsApp message id for a send, derived from the command so that every
 * redelivery of it uses the same id ("3EB0" + 18 hex, the shape Baileys uses).
 * If a crash hid whether the first attempt went out, resending under the same
 * id lets WhatsApp clients drop the duplicate.
 */
export function messageIdFor(sessionId: string, clientMessageId: string): string {
  return '3EB0' + createHash('sha256').update(`${sessionId}\n${clientMessageId}`).digest('hex').slice(0, 18).toUpperCase();
}
