import type { TableClient } from '@azure/data-tables';
import { encodeKey, statusOf } from '../storage/clients.js';
import { makeKeyedSerializer } from '../util/async.js';

// Per-session event sequence numbers that never go backwards across restarts.
// Numbers are reserved in blocks (hi/lo): the table holds the highest number
// handed out or about to be, so a restart resumes above it. Gaps are fine;
// consumers only compare.

export type SeqStore = {
  next(sessionId: string): Promise<number>;
  /**
   * Drops the block held for the session. Called whenever this replica takes or gives up a
   * session: another replica may have reserved higher numbers meanwhile, and a block kept
   * from before would make this one's events look older than theirs.
   */
  forget?(sessionId: string): void;
};

type Row = { partitionKey: string; rowKey: string; high: string };

const partition = 'seq';

export function makeTableSeqStore(table: TableClient, blockSize = 100): SeqStore {
  const ranges = new Map<string, { next: number; high: number }>();
  const serial = makeKeyedSerializer();

  async function reserve(sessionId: string): Promise<{ next: number; high: number }> {
    const rowKey = encodeKey(sessionId);
    for (let attempt = 0; attempt < 20; attempt++) {
      let current: { high: number; etag: string } | undefined;
      try {
        const row = await table.getEntity<Row>(partition, rowKey);
        current = { high: Number(row.high), etag: row.etag };
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      const base = current?.high ?? 0;
      const high = base + blockSize;
      try {
        if (current) {
          await table.updateEntity<Row>({ partitionKey: partition, rowKey, high: String(high) }, 'Replace', { etag: current.etag });
        } else {
          await table.createEntity<Row>({ partitionKey: partition, rowKey, high: String(high) });
        }
        return { next: base + 1, high };
      } catch (err) {
        // Someone else moved the counter between our read and write: read again.
        const status = statusOf(err);
        if (status !== 412 && status !== 409) throw err;
      }
    }
    throw new Error(`could not reserve event sequence numbers for session ${sessionId}`);
  }

  return {
    next: (sessionId) =>
      serial.run(sessionId, async () => {
        let range = ranges.get(sessionId);
        if (!range || range.next > range.high) {
          range = await reserve(sessionId);
          ranges.set(sessionId, range);
        }
        return range.next++;
      }),
    forget(sessionId) {
      // In line with next(): a reservation already under way lands before it is dropped.
      void serial.run(sessionId, async () => void ranges.delete(sessionId));
    },
  };
}

/** In-memory variant for unit tests that do not need storage. */
export function makeMemorySeqStore(): SeqStore {
  const counters = new Map<string, number>();
  return {
    async next(sessionId) {
      const n = (counters.get(sessionId) ?? 0) + 1;
      counters.set(sessionId, n);
      return n;
    },
  };
}
