import { odata, type TableClient } from '@azure/data-tables';
import { decodeKey, encodeKey, statusOf } from '../storage/clients.js';

// Which sessions should be running. A restart resumes exactly these: started
// and not since stopped, logged out or failed. Table `enginesessions`,
// PartitionKey "session", RowKey the encoded session id — one bounded partition
// read at start-up instead of a scan of the auth table.

export type SessionRegistry = {
  setWanted(sessionId: string, wanted: boolean): Promise<void>;
  listWanted(): Promise<string[]>;
  isWanted(sessionId: string): Promise<boolean>;
};

type Row = { partitionKey: string; rowKey: string; wanted: boolean; updatedAt: string };
const partition = 'session';

export function makeTableRegistry(table: TableClient): SessionRegistry {
  return {
    async setWanted(sessionId, wanted) {
      await table.upsertEntity<Row>(
        { partitionKey: partition, rowKey: encodeKey(sessionId), wanted, updatedAt: new Date().toISOString() },
        'Replace',
      );
    },
    async listWanted() {
      const ids: string[] = [];
      const rows = table.listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${partition} and wanted eq true` } });
      for await (const row of rows) ids.push(decodeKey(row.rowKey));
      return ids;
    },
    async isWanted(sessionId) {
      try {
        return (await table.getEntity<Row>(partition, encodeKey(sessionId))).wanted === true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw err;
      }
    },
  };
}

export function makeMemoryRegistry(): SessionRegistry & { wanted: Set<string> } {
  const wanted = new Set<string>();
  return {
    wanted,
    async setWanted(sessionId, on) {
      if (on) wanted.add(sessionId);
      else wanted.delete(sessionId);
    },
    async listWanted() {
      return [...wanted];
    },
    async isWanted(sessionId) {
      return wanted.has(sessionId);
    },
  };
}
