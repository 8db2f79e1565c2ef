import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { CommandResult } from '../bus/events.js';
import { encodeKey, statusOf } from '../storage/clients.js';

// Answers to request/response commands that change something in WhatsApp
// (group create/update/participants/invite/leave, chat.read): table
// `enginerequests`, PartitionKey = session id, RowKey = requestId. A
// redelivered command gets the stored answer again instead of acting twice.
// group.create is marked pending before it runs: if the process died
// mid-create, a redelivery cannot know whether the group exists and says so.

export type RequestRecord = { state: 'pending'; command: string } | { state: 'done'; result: CommandResult };

export type RequestStore = {
  get(sessionId: string, requestId: string): Promise<RequestRecord | undefined>;
  put(sessionId: string, requestId: string, record: RequestRecord): Promise<void>;
};

type Row = { partitionKey: string; rowKey: string; record: string };

const rowKeyFor = (requestId: string): string =>
  requestId.length <= 256 ? encodeKey(requestId) : 'sha256.' + createHash('sha256').update(requestId).digest('hex');

export function makeTableRequestStore(table: TableClient): RequestStore {
  return {
    async get(sessionId, requestId) {
      try {
        const row = await table.getEntity<Row>(encodeKey(sessionId), rowKeyFor(requestId));
        return JSON.parse(row.record) as RequestRecord;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async put(sessionId, requestId, record) {
      await table.upsertEntity<Row>({ partitionKey: encodeKey(sessionId), rowKey: rowKeyFor(requestId), record: JSON.stringify(record) }, 'Replace');
    },
  };
}

export function makeMemoryRequestStore(): RequestStore {
  const rows = new Map<string, RequestRecord>();
  return {
    async get(sessionId, requestId) {
      return rows.get(`${sessionId}\n${requestId}`);
    },
    async put(sessionId, requestId, record) {
      rows.set(`${sessionId}\n${requestId}`, record);
    },
  };
}
