import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { initAuthCreds, proto } from '@whiskeysockets/baileys';
import type { AuthenticationCreds, AuthenticationState, SignalDataSet, SignalDataTypeMap, SignalKeyStore } from '@whiskeysockets/baileys';
import { encodeKey, statusOf } from '../storage/clients.js';
import { decodeValue, encodeValue, partRowKey, rowBytes, rowText, toRows, tombstone, type ValueRow } from './codec.js';

// Baileys auth state in Table Storage: table `engineauth`, PartitionKey = the
// session id, one row per value: `creds`, and `k.<type>.<id>` for every Signal
// key type. Baileys warns that a lost key update means messages stop
// decrypting, so `keys.set` resolves only after the rows are written, and each
// `set` is written as entity-group transactions (all-or-nothing per batch).
//
// Deletes are written as tombstones inside the same transaction: a plain
// delete of a row that does not exist fails the whole batch, and Baileys
// routinely deletes keys that were never stored. `clear` removes all rows.

export type SessionAuth = {
  state: AuthenticationState;
  /** persists the current `state.creds` object */
  saveCreds(): Promise<void>;
};

export type AuthStore = {
  /**
   * the session's stored auth state, or fresh creds (saved at once) when none exist.
   * `guard` runs before every write and throws to refuse it (scale-out fencing: a replica
   * whose lease ran out must not overwrite keys the session's new owner is using).
   */
  load(sessionId: string, opts?: { guard?: () => void }): Promise<SessionAuth>;
  hasCreds(sessionId: string): Promise<boolean>;
  /** deletes every row of the session: creds and all keys */
  clear(sessionId: string): Promise<void>;
};

const credsKey = 'creds';
const keyRow = (type: string, id: string): string => `k.${type}.${encodeKey(id)}`;
const maxBatchOps = 100;
const maxBatchBytes = 3_500_000;

export function makeTableAuthStore(table: TableClient): AuthStore {
  async function readValue(pk: string, rowKey: string): Promise<unknown> {
    let first: ValueRow;
    try {
      first = await table.getEntity<ValueRow>(pk, rowKey);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    if (first.gone) return undefined;
    const parts = first.parts ?? 1;
    const rest = await Promise.all(
      Array.from({ length: parts - 1 }, (_, i) => table.getEntity<ValueRow>(pk, partRowKey(rowKey, i + 1))),
    );
    return decodeValue([first, ...rest].map((r) => rowText(r)).join(''));
  }

  async function writeRows(rows: ValueRow[]): Promise<void> {
    let batch: TransactionAction[] = [];
    let bytes = 0;
    const commit = async (): Promise<void> => {
      if (batch.length === 0) return;
      await table.submitTransaction(batch);
      batch = [];
      bytes = 0;
    };
    for (const row of rows) {
      const size = rowBytes(row);
      if (batch.length >= maxBatchOps || bytes + size > maxBatchBytes) await commit();
      batch.push(['upsert', row, 'Replace']);
      bytes += size;
    }
    await commit();
  }

  function makeKeys(pk: string, guard: () => void): SignalKeyStore {
    return {
      async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const out: { [id: string]: SignalDataTypeMap[T] } = {};
        await Promise.all(
          ids.map(async (id) => {
            let value = await readValue(pk, keyRow(type, id));
            if (value === undefined || value === null) return;
            if (type === 'app-state-sync-key') {
              // Stored as plain JSON; Baileys expects the protobuf object back.
              value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
            }
            out[id] = value as SignalDataTypeMap[T];
          }),
        );
        return out;
      },
      async set(data: SignalDataSet) {
        guard();
        const rows: ValueRow[] = [];
        for (const [type, entries] of Object.entries(data)) {
          for (const [id, value] of Object.entries(entries ?? {})) {
            const rowKey = keyRow(type, id);
            if (value === null || value === undefined) rows.push(tombstone(pk, rowKey));
            else rows.push(...toRows(pk, rowKey, encodeValue(value)));
          }
        }
        await writeRows(rows);
      },
      clear: () => clear(pk),
    };
  }

  async function clear(pk: string): Promise<void> {
    const keys: string[] = [];
    const rows = table.listEntities<{ rowKey: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${pk}`, select: ['RowKey'] },
    });
    for await (const row of rows) keys.push(row.rowKey);
    for (let i = 0; i < keys.length; i += maxBatchOps) {
      const chunk = keys.slice(i, i + maxBatchOps);
      try {
        await table.submitTransaction(chunk.map((rowKey): TransactionAction => ['delete', { partitionKey: pk, rowKey }]));
      } catch (err) {
        // A row vanished meanwhile (a concurrent clear): fall back to one by one, ignoring 404s.
        if (statusOf(err) !== 404 && statusOf(err) !== 400) throw err;
        for (const rowKey of chunk) {
          await table.deleteEntity(pk, rowKey).catch((e: unknown) => {
            if (statusOf(e) !== 404) throw e;
          });
        }
      }
    }
  }

  return {
    async load(sessionId, opts = {}) {
      const pk = encodeKey(sessionId);
      const guard = opts.guard ?? ((): void => undefined);
      const stored = (await readValue(pk, credsKey)) as AuthenticationCreds | undefined;
      const creds = stored ?? initAuthCreds();
      const saveCreds = async (): Promise<void> => {
        guard();
        await writeRows(toRows(pk, credsKey, encodeValue(creds)));
      };
      // Fresh creds are saved at once so the noise/identity keys behind a shown QR survive a restart.
      if (!stored) await saveCreds();
      return { state: { creds, keys: makeKeys(pk, guard) }, saveCreds };
    },
    async hasCreds(sessionId) {
      return (await readValue(encodeKey(sessionId), credsKey)) !== undefined;
    },
    clear: (sessionId) => clear(encodeKey(sessionId)),
  };
}
