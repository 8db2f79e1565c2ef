import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GroupMetadata } from '@whiskeysockets/baileys';
import { toGroupInfo } from '../src/groups/group-info.js';
import { boom } from './helpers/fakes.js';
import { ME_JID, startFakeEngine, type FakeEngine } from './helpers/engine.js';
import { uid } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

// Groups and read receipts through the command handler on a fake Baileys
// socket: one command.result per request, WhatsApp's errors as codes, writes
// replayed instead of repeated, and Baileys' group events as bus events.

const gid = '120363000000000042@g.us';
const alice = '4917611111111@s.whatsapp.net';
const bob = '4917622222222@s.whatsapp.net';

const meta = (over: Partial<GroupMetadata> = {}): GroupMetadata => ({
  id: gid,
  subject: 'Team',
  owner: ME_JID,
  creation: 1_760_000_000,
  desc: 'our team',
  announce: false,
  restrict: true,
  size: 3,
  participants: [
    { id: ME_JID, admin: 'superadmin' },
    { id: '211111111111111@lid', phoneNumber: alice, admin: 'admin' },
    { id: bob, admin: null },
  ],
  ...over,
});

/** A Boom as Baileys throws for a server error node. */
const waError = (code: number, text: string): Error => Object.assign(boom(500, text), { data: code });

describe('group metadata', () => {
  it('GroupInfo names people by phone number, keeps the LID, and carries the flags', () => {
    assert.deepEqual(toGroupInfo(meta()), {
      id: gid,
      subject: 'Team',
      description: 'our team',
      owner: ME_JID,
      createdAt: 1_760_000_000,
      participants: [
        { jid: ME_JID, admin: 'superadmin' },
        { jid: alice, admin: 'admin', lid: '211111111111111@lid' },
        { jid: bob, admin: null },
      ],
      announce: false,
      restrict: true,
      size: 3,
    });
  });
});

describe('group commands and events (Baileys driver seams)', () => {
  const engines: FakeEngine[] = [];
  after(async () => {
    for (const e of engines) await e.stop();
  });
  const engine = async (opts: Parameters<typeof startFakeEngine>[0] = {}): Promise<FakeEngine> => {
    const e = await startFakeEngine(opts);
    engines.push(e);
    return e;
  };
  const result = (e: FakeEngine, requestId: string) => e.events.waitFor('command.result', (d) => d.requestId === requestId);
  const calls = (e: FakeEngine, method: string) => e.fake.calls.filter((c) => c.method === method).map((c) => c.args);

  it('list, get, create, update, participants, invite, leave: each answered once with its result', async () => {
    const e = await engine({
      overrides: {
        groupFetchAllParticipating: async () => ({ [gid]: meta() }),
        groupMetadata: async () => meta({ subject: 'Team 2' }),
        groupCreate: async (subject, participants) => meta({ subject, participants: [{ id: ME_JID, admin: 'superadmin' }, ...participants.map((id) => ({ id, admin: null }))] }),
        groupParticipantsUpdate: async (_g, ps) => ps.map((p, i) => ({ status: i === 0 ? '200' : '403', jid: p, content: { tag: 'participant', attrs: {} } })),
      },
    });
    const run = async (type: string, data: Record<string, unknown>) => {
      const requestId = uid('r');
      await e.run(type, { requestId, ...data });
      return result(e, requestId);
    };
    const list = await run('group.list', {});
    assert.ok(list.ok && list.result && 'groups' in list.result);
    assert.deepEqual(list.result.groups.map((g) => g.id), [gid]);
    assert.equal(list.command, 'group.list');

    const get = await run('group.get', { groupId: '120363000000000042' });
    assert.ok(get.result && 'group' in get.result);
    assert.equal(get.result.group.subject, 'Team 2');
    assert.deepEqual(calls(e, 'groupMetadata').at(-1), [gid], 'a bare group id is completed to a jid');

    const created = await run('group.create', { subject: 'New', participants: ['+49 176 11111111', bob] });
    assert.ok(created.ok && created.result && 'group' in created.result);
    assert.deepEqual(calls(e, 'groupCreate'), [['New', [alice, bob]]]);
    assert.deepEqual(created.result.group.participants.map((p) => p.jid), [ME_JID, alice, bob]);

    const updated = await run('group.update', { groupId: gid, subject: 'Team 2', description: '' });
    assert.ok(updated.ok);
    assert.deepEqual(calls(e, 'groupUpdateSubject'), [[gid, 'Team 2']]);
    assert.deepEqual(calls(e, 'groupUpdateDescription'), [[gid, undefined]], '"" removes the description');

    const added = await run('group.participants', { groupId: gid, action: 'add', participants: [alice, '4917600000000'] });
    assert.deepEqual(added.result, { groupId: gid, participants: [{ jid: alice, status: '200' }, { jid: '4917600000000@s.whatsapp.net', status: '403' }] });
    assert.deepEqual(calls(e, 'groupParticipantsUpdate'), [[gid, [alice, '4917600000000@s.whatsapp.net'], 'add']]);

    const invite = await run('group.invite', { groupId: gid });
    assert.deepEqual(invite.result, { groupId: gid, code: 'INVITECODE', link: 'https://chat.whatsapp.com/INVITECODE' });

    const left = await run('group.leave', { groupId: gid });
    assert.deepEqual([left.ok, left.result], [true, { groupId: gid }]);
    assert.deepEqual(calls(e, 'groupLeave'), [[gid]]);
    assert.equal(e.events.of('command.result').length, 7, 'one answer per request');
  });

  it("WhatsApp's refusals become error codes; a session that is not ready says so", async () => {
    const e = await engine({
      overrides: {
        groupMetadata: async (jid) => {
          if (jid.startsWith('1')) throw waError(403, 'forbidden');
          throw waError(404, 'item-not-found');
        },
        groupInviteCode: async () => Promise.reject(boom(408, 'Timed Out')),
        groupLeave: async () => Promise.reject(new Error('weird')),
      },
    });
    const ask = async (type: string, groupId: string) => {
      const requestId = uid('r');
      await e.run(type, { requestId, groupId });
      return result(e, requestId);
    };
    assert.deepEqual(await ask('group.get', '1203630@g.us').then((r) => [r.ok, r.error, r.detail]), [false, 'forbidden', 'forbidden']);
    assert.equal((await ask('group.get', '999@g.us')).error, 'not_found');
    assert.equal((await ask('group.invite', gid)).error, 'timeout');
    assert.equal((await ask('group.leave', gid)).error, 'failed');
    await e.stop();
    const r = await ask('group.get', gid);
    assert.deepEqual([r.ok, r.error], [false, 'session_not_ready']);
  });

  it('a redelivered write is answered from the stored result, not done twice; an interrupted create is not retried', async () => {
    const e = await engine();
    const requestId = uid('r');
    await e.run('group.create', { requestId, subject: 'Once', participants: [alice] });
    const first = await result(e, requestId);
    await e.run('group.create', { requestId, subject: 'Once', participants: [alice] });
    await waitUntil(() => e.events.of('command.result').filter((d) => d.requestId === requestId).length === 2, { what: 'second answer' });
    const second = e.events.of('command.result').filter((d) => d.requestId === requestId)[1];
    assert.deepEqual(second, { ...first, duplicate: true });
    assert.equal(calls(e, 'groupCreate').length, 1, 'the group was created once');

    const interrupted = uid('r');
    await e.requests.put(e.sessionId, interrupted, { state: 'pending', command: 'group.create' });
    await e.run('group.create', { requestId: interrupted, subject: 'Maybe', participants: [alice] });
    const unknown = await result(e, interrupted);
    assert.deepEqual([unknown.ok, unknown.error], [false, 'outcome_unknown']);
    assert.equal(calls(e, 'groupCreate').length, 1, 'not created again');

    const reads = uid('r');
    await e.run('group.get', { requestId: reads, groupId: gid });
    await e.run('group.get', { requestId: reads, groupId: gid });
    await waitUntil(() => e.events.of('command.result').filter((d) => d.requestId === reads).length === 2, { what: 'two reads answered' });
    assert.equal(calls(e, 'groupMetadata').length, 2, 'reads are simply read again');
  });

  it('on ready every group is reported as group.joined once (Baileys\' own full groups.update echo is not repeated)', async () => {
    let engineRef: FakeEngine | undefined;
    const e = await engine({
      overrides: {
        groupFetchAllParticipating: async () => {
          const all = { [gid]: meta(), '120363000000000043@g.us': meta({ id: '120363000000000043@g.us', subject: 'Other' }) };
          engineRef?.fake.socket.ev.emit('groups.update', Object.values(all)); // as Baileys does inside the fetch
          return all;
        },
      },
    });
    engineRef = e;
    // The sync on this first ready ran before engineRef was set; reconnect to watch a full one.
    await e.fake.close(428);
    const second = await waitUntil(() => e.driver.sockets[1], { what: 'reconnect' });
    second.open();
    await waitUntil(() => e.events.of('group.joined').length >= 4, { what: 'groups joined after the second ready' });
    const joined = e.events.of('group.joined').map((d) => d.group.subject);
    assert.deepEqual(joined.slice(2).sort(), ['Other', 'Team']);
    assert.equal(e.events.of('group.updated').length, 0, 'the echo of our own fetch is not an update');
  });

  it('group.joined, group.updated (fetched for partial updates, repeats dropped), group.participants', async () => {
    const e = await engine({ overrides: { groupMetadata: async () => meta({ subject: 'Renamed' }) } });
    const ev = e.fake.socket.ev;
    ev.emit('groups.upsert', [meta({ subject: 'Brand new' })]);
    const joined = await e.events.waitFor('group.joined', (d) => d.group.subject === 'Brand new');
    assert.equal(joined.group.participants.length, 3);
    ev.emit('groups.update', [{ id: gid, subject: 'Renamed', author: alice }]);
    const updated = await e.events.waitFor('group.updated');
    assert.equal(updated.group.subject, 'Renamed');
    assert.deepEqual(calls(e, 'groupMetadata'), [[gid]], 'a partial update is completed from WhatsApp');
    ev.emit('groups.update', [meta({ subject: 'Renamed' })]);
    ev.emit('groups.update', [meta({ subject: 'Renamed', announce: true })]);
    await waitUntil(() => e.events.of('group.updated').length === 2, { what: 'the changed update' });
    assert.equal(e.events.of('group.updated')[1]?.group.announce, true, 'the identical repeat was dropped, the change was not');
    ev.emit('group-participants.update', { id: gid, author: '233333333333333@lid', authorPn: alice, participants: [{ id: '244444444444444@lid', phoneNumber: bob, admin: null }], action: 'add' });
    assert.deepEqual(await e.events.waitFor('group.participants'), { groupId: gid, action: 'add', participants: [bob], by: alice });
  });

  it('chat.read sends read receipts for the given messages; with a requestId it is answered', async () => {
    const e = await engine();
    await e.run('chat.read', { chatId: '+49 176 12345678', messages: [{ id: 'M1' }, { id: 'M2' }] });
    await e.run('chat.read', { chatId: gid, messages: [{ id: 'G1', participant: alice }], requestId: 'read-1' });
    assert.deepEqual(calls(e, 'readMessages'), [
      [[{ remoteJid: '4917612345678@s.whatsapp.net', id: 'M1', fromMe: false }, { remoteJid: '4917612345678@s.whatsapp.net', id: 'M2', fromMe: false }]],
      [[{ remoteJid: gid, id: 'G1', fromMe: false, participant: alice }]],
    ]);
    assert.deepEqual(await result(e, 'read-1'), { requestId: 'read-1', command: 'chat.read', ok: true, result: { chatId: gid, read: 1 } });
    assert.equal(e.events.of('command.result').length, 1, 'no answer without a requestId');
    await assert.rejects(e.run('chat.read', { chatId: gid, messages: [] }), /messages/);
    await assert.rejects(e.run('chat.read', { chatId: gid, messages: [{ id: 'G2' }] }), /participant/);
  });
});
