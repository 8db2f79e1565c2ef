import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { odata, type TableClient } from '@azure/data-tables';
import { addTransactionCapability, proto } from '@whiskeysockets/baileys';
import type { SignalDataSet, SignalKeyStoreWithTransaction } from '@whiskeysockets/baileys';
import { makeTableAuthStore, type AuthStore } from '../src/auth-state/table-auth-state.js';
import { charsPerProp, encodeValue, propsPerRow } from '../src/auth-state/codec.js';
import { toBaileysLogger } from '../src/drivers/baileys-logger.js';
import { makeLog } from '../src/log.js';
import { ensureTable, makeStorage } from '../src/storage/clients.js';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { uid } from './helpers/app.js';

// The Table-backed Baileys auth state against a real Azurite: BufferJSON round
// trips of creds and every Signal key type, Baileys' own key transactions on
// top of it, values larger than one entity, and delete-all on logout.

const bytes = (n: number): Buffer => randomBytes(n);

function everyKeyType(): SignalDataSet {
  return {
    'pre-key': { '1': { public: bytes(33), private: bytes(32) }, '2': { public: bytes(33), private: bytes(32) } },
    session: { '4915112345678.0': bytes(200), '123456789@lid.1': bytes(180) },
    'sender-key': { '120363@g.us--4915112345678@s.whatsapp.net--0': bytes(120) },
    'sender-key-memory': { '120363@g.us': { '4915112345678@s.whatsapp.net': true } },
    'app-state-sync-key': { AAAAAB4L: proto.Message.AppStateSyncKeyData.fromObject({ keyData: bytes(32), timestamp: 1700000000 }) },
    'app-state-sync-version': { regular_high: { version: 7, hash: bytes(128), indexValueMap: { abc: { valueMac: bytes(32) } } } },
    'lid-mapping': { '4915112345678': '123456789@lid' },
    'device-list': { '4915112345678': ['0', '12'] },
    tctoken: { '4915112345678@s.whatsapp.net': { token: bytes(20), timestamp: '1700000000' } },
    'identity-key': { '4915112345678.0': bytes(33), 'odd/id#with?chars\\~%': bytes(33) },
  };
}

describe('Table-backed auth state', () => {
  let azurite: Azurite;
  let table: TableClient;
  let store: AuthStore;
  const logger = toBaileysLogger(makeLog('silent'), 'silent');

  before(async () => {
    azurite = await startAzurite();
    table = makeStorage({ kind: 'connectionString', connectionString: azurite.connectionString }).table(uid('auth'));
    await ensureTable(table);
    store = makeTableAuthStore(table);
  });
  after(() => azurite.stop());

  const rowCount = async (sessionId: string): Promise<number> => {
    let n = 0;
    for await (const _ of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${sessionId}` } })) n++;
    return n;
  };

  it('stores fresh creds at once and reads them back identically (BufferJSON)', async () => {
    const sessionId = uid('s');
    assert.equal(await store.hasCreds(sessionId), false);
    const a = await store.load(sessionId);
    assert.equal(await store.hasCreds(sessionId), true);
    a.state.creds.me = { id: '4915112345678:3@s.whatsapp.net', name: 'Shop' };
    a.state.creds.routingInfo = bytes(12);
    await a.saveCreds();
    const b = await makeTableAuthStore(table).load(sessionId);
    assert.equal(encodeValue(b.state.creds), encodeValue(a.state.creds), 'same creds, byte for byte');
    assert.equal(b.state.creds.me?.id, '4915112345678:3@s.whatsapp.net');
    assert.ok(Buffer.isBuffer(b.state.creds.noiseKey.private), 'keys come back as Buffers');
  });

  it('round-trips every Signal key type, including ids with forbidden key characters', async () => {
    const sessionId = uid('s');
    const { state } = await store.load(sessionId);
    const data = everyKeyType();
    await state.keys.set(data);
    const fresh = (await makeTableAuthStore(table).load(sessionId)).state.keys;
    for (const [type, entries] of Object.entries(data) as [keyof SignalDataSet, Record<string, unknown>][]) {
      const ids = Object.keys(entries);
      const got = await fresh.get(type, [...ids, 'missing']);
      assert.deepEqual(Object.keys(got).sort(), ids.sort(), `${type}: exactly the stored ids`);
      for (const id of ids) {
        const want = entries[id];
        const have = got[id];
        if (type === 'app-state-sync-key') {
          assert.ok(have instanceof proto.Message.AppStateSyncKeyData, 'revived as the protobuf type');
          assert.deepEqual(Buffer.from((have as proto.Message.IAppStateSyncKeyData).keyData ?? []), Buffer.from((want as proto.Message.IAppStateSyncKeyData).keyData ?? []));
        } else {
          const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('hex') : (x as { type?: string; data?: number[] })?.type === 'Buffer' ? Buffer.from((x as { data: number[] }).data).toString('hex') : x)));
          assert.deepEqual(norm(have), norm(want), `${type}/${id}`);
        }
      }
    }
  });

  it('deletes keys (null), including ones never stored, in the same write', async () => {
    const sessionId = uid('s');
    const { state } = await store.load(sessionId);
    await state.keys.set({ 'pre-key': { '5': { public: bytes(33), private: bytes(32) }, '6': { public: bytes(33), private: bytes(32) } } });
    await state.keys.set({ 'pre-key': { '5': null, '999': null }, session: { 'never.0': null } });
    const got = await state.keys.get('pre-key', ['5', '6', '999']);
    assert.deepEqual(Object.keys(got), ['6']);
  });

  it('stores values larger than one entity across part rows', async () => {
    const sessionId = uid('s');
    const { state } = await store.load(sessionId);
    const indexValueMap: Record<string, { valueMac: Buffer }> = {};
    for (let i = 0; i < 6000; i++) indexValueMap[bytes(32).toString('base64')] = { valueMac: bytes(32) };
    const big = { version: 99, hash: bytes(128), indexValueMap };
    assert.ok(JSON.stringify(big).length > charsPerProp * propsPerRow, 'the value really exceeds one row');
    await state.keys.set({ 'app-state-sync-version': { regular: big } });
    const got = (await makeTableAuthStore(table).load(sessionId)).state.keys;
    const back = (await got.get('app-state-sync-version', ['regular']))['regular'];
    assert.equal(back?.version, 99);
    assert.equal(Object.keys(back?.indexValueMap ?? {}).length, 6000);
    assert.ok(Buffer.from(back?.hash ?? []).equals(big.hash));
  });

  it("commits Baileys' key transactions only when they finish, and not at all when they throw", async () => {
    const sessionId = uid('s');
    const { state } = await store.load(sessionId);
    const keys: SignalKeyStoreWithTransaction = addTransactionCapability(state.keys, logger, { maxCommitRetries: 2, delayBetweenTriesMs: 10 });
    const outside = (await makeTableAuthStore(table).load(sessionId)).state.keys;
    await keys.transaction(async () => {
      await keys.set({ session: { 'a.0': bytes(50) }, 'sender-key': { 'g--a--0': bytes(40) } });
      assert.ok((await keys.get('session', ['a.0']))['a.0'], 'visible inside the transaction');
      assert.deepEqual(await outside.get('session', ['a.0']), {}, 'not yet in the table');
    }, 'a');
    assert.ok((await outside.get('session', ['a.0']))['a.0'], 'committed');
    assert.ok((await outside.get('sender-key', ['g--a--0']))['g--a--0'], 'committed');
    await assert.rejects(
      keys.transaction(async () => {
        await keys.set({ session: { 'b.0': bytes(50) } });
        throw new Error('boom');
      }, 'b'),
      /boom/,
    );
    assert.deepEqual(await outside.get('session', ['b.0']), {}, 'rolled back');
  });

  it('clear (logout) deletes every row of the session and nothing else', async () => {
    const sessionId = uid('s');
    const other = uid('s');
    const { state } = await store.load(sessionId);
    await store.load(other);
    await state.keys.set(everyKeyType());
    assert.ok((await rowCount(sessionId)) > 10);
    await store.clear(sessionId);
    assert.equal(await rowCount(sessionId), 0);
    assert.equal(await store.hasCreds(sessionId), false);
    assert.equal(await store.hasCreds(other), true);
    const again = await store.load(sessionId);
    assert.notDeepEqual(again.state.creds.noiseKey, state.creds.noiseKey, 'a new link starts from new keys');
  });
});
