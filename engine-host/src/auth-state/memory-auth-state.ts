import { initAuthCreds } from '@whiskeysockets/baileys';
import type { AuthenticationCreds, SignalDataSet, SignalDataTypeMap } from '@whiskeysockets/baileys';
import { decodeValue, encodeValue } from './codec.js';
import type { AuthStore } from './table-auth-state.js';

// Same contract as the Table store, kept in memory (values still go through
// BufferJSON so tests see the same copies a real store would return).
// For unit tests of sessions and drivers that do not need storage.

export function makeMemoryAuthStore(): AuthStore & { rows(sessionId: string): number } {
  const sessions = new Map<string, Map<string, string>>();
  const bucket = (sessionId: string): Map<string, string> => {
    let b = sessions.get(sessionId);
    if (!b) sessions.set(sessionId, (b = new Map()));
    return b;
  };
  return {
    async load(sessionId) {
      const b = bucket(sessionId);
      const stored = b.get('creds');
      const creds = stored ? (decodeValue(stored) as AuthenticationCreds) : initAuthCreds();
      const saveCreds = async (): Promise<void> => {
        bucket(sessionId).set('creds', encodeValue(creds));
      };
      if (!stored) await saveCreds();
      return {
        saveCreds,
        state: {
          creds,
          keys: {
            async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
              const out: { [id: string]: SignalDataTypeMap[T] } = {};
              for (const id of ids) {
                const v = bucket(sessionId).get(`${type}.${id}`);
                if (v !== undefined) out[id] = decodeValue(v) as SignalDataTypeMap[T];
              }
              return out;
            },
            async set(data: SignalDataSet) {
              for (const [type, entries] of Object.entries(data)) {
                for (const [id, value] of Object.entries(entries ?? {})) {
                  if (value === null || value === undefined) bucket(sessionId).delete(`${type}.${id}`);
                  else bucket(sessionId).set(`${type}.${id}`, encodeValue(value));
                }
              }
            },
          },
        },
      };
    },
    async hasCreds(sessionId) {
      return sessions.get(sessionId)?.has('creds') ?? false;
    },
    async clear(sessionId) {
      sessions.delete(sessionId);
    },
    rows: (sessionId) => sessions.get(sessionId)?.size ?? 0,
  };
}
