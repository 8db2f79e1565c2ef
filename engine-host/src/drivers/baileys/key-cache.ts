import type { CacheStore } from '@whiskeysockets/baileys';

// Read cache in front of the Table-backed key store (Baileys reads the same
// session keys for every message). A bounded LRU on a Map with no timers:
// Baileys' default cache starts an interval per store that nothing ever
// stops, which would leak one timer per reconnect.

export function makeKeyCache(maxEntries = 5000): CacheStore {
  const map = new Map<string, unknown>();
  return {
    get<T>(key: string): T | undefined {
      if (!map.has(key)) return undefined;
      const value = map.get(key);
      map.delete(key); // re-insert: Map order is our recency order
      map.set(key, value);
      return value as T;
    },
    set<T>(key: string, value: T) {
      map.delete(key);
      map.set(key, value);
      while (map.size > maxEntries) {
        const oldest = map.keys().next().value;
        if (oldest === undefined) break;
        map.delete(oldest);
      }
    },
    del(key: string) {
      map.delete(key);
    },
    flushAll() {
      map.clear();
    },
  };
}
