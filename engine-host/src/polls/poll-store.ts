import type { TableClient } from '@azure/data-tables';
import { encodeKey, statusOf } from '../storage/clients.js';

// What it takes to read votes on a poll, kept after restarts. WhatsApp
// encrypts each vote with the poll creation message's secret, so every poll we
// send or see gets a row: table `enginepolls`, PartitionKey = session id,
// RowKey = poll message id.

export type PollRecord = {
  chatId: string;
  name: string;
  options: string[];
  selectableCount: number;
  /** base64 of the 32-byte messageSecret */
  secret: string;
  /** the author's jids (PN and LID forms): votes are encrypted to one of them */
  creators: string[];
};

export type PollStore = {
  get(sessionId: string, pollId: string): Promise<PollRecord | undefined>;
  put(sessionId: string, pollId: string, record: PollRecord): Promise<void>;
};

type Row = { partitionKey: string; rowKey: string; record: string };

export function makeTablePollStore(table: TableClient): PollStore {
  return {
    async get(sessionId, pollId) {
      try {
        const row = await table.getEntity<Row>(encodeKey(sessionId), encodeKey(pollId));
        return JSON.parse(row.record) as PollRecord;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async put(sessionId, pollId, record) {
      await table.upsertEntity<Row>({ partitionKey: encodeKey(sessionId), rowKey: encodeKey(pollId), record: JSON.stringify(record) }, 'Replace');
    },
  };
}

export function makeMemoryPollStore(): PollStore & { rows: Map<string, PollRecord> } {
  const rows = new Map<string, PollRecord>();
  return {
    rows,
    async get(sessionId, pollId) {
      return rows.get(`${sessionId}\n${pollId}`);
    },
    async put(sessionId, pollId, record) {
      rows.set(`${sessionId}\n${pollId}`, record);
    },
  };
}
