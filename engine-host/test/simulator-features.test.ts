import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { configFrom } from '../src/config.js';
import type { Driver } from '../src/drivers/driver.js';
import { makeSimulatorDriver, simConfigFrom } from '../src/drivers/simulator/index.js';
import type { MediaStore } from '../src/media/media-store.js';
import { inboundBlobName } from '../src/media/blob-names.js';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { startApp, testEnv, uid, type Harness } from './helpers/app.js';
import { linkSession, number } from './helpers/sessions.js';
import { makeTestMedia, sha256, type TestMedia } from './helpers/media.js';
import { waitUntil } from './helpers/wait.js';

// Everything added for messaging, end to end over the real queues with the
// simulator: media both ways through Blob storage, replies and mentions,
// polls and votes (also after a restart), reactions, edits, deletes, groups,
// read receipts, and answers for malformed requests.

/** The simulator, remembering what reached its sendMessage. */
function recordingDriver(inner: Driver): Driver & { sent: { jid: string; content: AnyMessageContent }[] } {
  const sent: { jid: string; content: AnyMessageContent }[] = [];
  return {
    ...inner,
    sent,
    openSocket(ctx) {
      const sock = inner.openSocket(ctx);
      const send = sock.sendMessage.bind(sock);
      sock.sendMessage = async (jid, content, options) => {
        sent.push({ jid, content });
        return send(jid, content, options);
      };
      return sock;
    },
  };
}

describe('simulator: messaging features over the real queues', () => {
  let azurite: Azurite;
  let h: Harness;
  let env: Record<string, string>;
  let media: TestMedia;
  let driver: ReturnType<typeof recordingDriver>;
  const cleanups: (() => Promise<void>)[] = [];
  const t = { after: (fn: unknown) => void cleanups.push(fn as () => Promise<void>) };

  before(async () => {
    azurite = await startAzurite();
    env = testEnv(azurite.connectionString);
    const sim = simConfigFrom(configFrom(env).sim);
    h = await startApp(t, env, (store: MediaStore) => (driver = recordingDriver(makeSimulatorDriver(sim, { media: store }))));
    media = makeTestMedia(azurite.connectionString, h.config);
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
    await azurite.stop();
  });

  const send = async (sessionId: string, to: string, content: Record<string, unknown>, options?: Record<string, unknown>): Promise<string> => {
    const clientMessageId = uid('c');
    await h.bus.send('message.send', sessionId, { clientMessageId, to, content, ...(options ? { options } : {}) });
    return clientMessageId;
  };
  const sent = (sessionId: string, cid: string) => h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cid);
  const ask = async (sessionId: string, type: string, data: Record<string, unknown>) => {
    const requestId = uid('r');
    await h.bus.send(type, sessionId, { requestId, ...data });
    return (await h.bus.waitFor(sessionId, 'command.result', (d) => d.requestId === requestId)).data;
  };

  it('outbound media: the uploaded blob is what the socket sends; a missing blob fails for good', async () => {
    const { sessionId } = await linkSession(h.bus);
    const { bytes, ref } = await media.upload(`out/${uid()}/photo.jpg`, 'image/jpeg');
    const to = number();
    const cid = await send(sessionId, to, { kind: 'image', media: ref, caption: 'for you' });
    await sent(sessionId, cid);
    const out = driver.sent.find((s) => s.jid === `${to}@s.whatsapp.net`)?.content as { image?: Buffer; caption?: string } | undefined;
    assert.ok(out?.image && Buffer.from(out.image).equals(bytes), 'the blob bytes reached the socket');
    assert.equal(out.caption, 'for you');
    const missing = await send(sessionId, to, { kind: 'document', media: { blob: `out/${uid()}/nothing.pdf`, mimetype: 'application/pdf' } });
    const failed = await h.bus.waitFor(sessionId, 'message.failed', (d) => d.clientMessageId === missing);
    assert.deepEqual([failed.data.error, failed.data.retryable], ['media_missing', false]);
  });

  it('inbound media: a caller-uploaded file arrives as a blob of its own; a missing one as a failed download', async () => {
    const { sessionId } = await linkSession(h.bus);
    const from = number();
    const { bytes, ref } = await media.upload(`sim/${uid()}/clip.mp4`, 'video/mp4');
    await h.bus.send('sim.inbound', sessionId, { from, name: 'Vic', content: { kind: 'video', media: ref, caption: 'watch' } });
    const got = (await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.type === 'video')).data.message;
    assert.ok(got.media && 'blob' in got.media, JSON.stringify(got.media));
    assert.equal(got.media.blob, inboundBlobName(sessionId, got.id));
    assert.deepEqual([got.media.mimetype, got.media.size, got.media.sha256, got.media.caption], ['video/mp4', bytes.length, sha256(bytes), 'watch']);
    const stored = await media.download(got.media.blob);
    assert.ok(stored.bytes.equals(bytes));
    assert.equal(stored.contentType, 'video/mp4');

    await h.bus.send('sim.inbound', sessionId, { from, content: { kind: 'audio', media: { blob: `sim/${uid()}/gone.ogg`, mimetype: 'audio/ogg' }, ptt: true } });
    const lost = (await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.type === 'audio')).data.message;
    assert.ok(lost.media && 'error' in lost.media, JSON.stringify(lost.media));
    assert.deepEqual([lost.media.error, lost.media.mimetype, lost.media.ptt], ['download_failed', 'audio/ogg', true]);
  });

  it('inbound location, contact, group reply with mentions', async () => {
    const { sessionId } = await linkSession(h.bus);
    const from = number();
    const group = '120363000000000077@g.us';
    const author = number();
    await h.bus.send('sim.inbound', sessionId, { from, content: { kind: 'location', latitude: 40.4, longitude: -3.7, name: 'Plaza', address: 'Sol 1' } });
    await h.bus.send('sim.inbound', sessionId, { from, content: { kind: 'contact', fullName: 'Ada', phoneNumber: '+44 20 7946 0000', organization: 'AE' } });
    await h.bus.send('sim.inbound', sessionId, {
      from: group, author, content: { kind: 'text', text: 'agreed' }, replyTo: { id: 'PREV1', participant: from }, mentions: [from],
    });
    const loc = (await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.type === 'location')).data.message;
    assert.deepEqual(loc.location, { latitude: 40.4, longitude: -3.7, name: 'Plaza', address: 'Sol 1' });
    const card = (await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.type === 'contact')).data.message;
    assert.deepEqual([card.contact?.fullName, card.contact?.phoneNumber], ['Ada', '442079460000']);
    assert.match(card.contact?.vcard ?? '', /ORG:AE;/);
    const reply = (await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.body === 'agreed')).data.message;
    assert.deepEqual([reply.chatId, reply.author, reply.replyTo, reply.mentions], [group, `${author}@s.whatsapp.net`, { id: 'PREV1', participant: `${from}@s.whatsapp.net` }, [`${from}@s.whatsapp.net`]]);
  });

  it('reactions, edits and deletes for everyone', async () => {
    const { sessionId } = await linkSession(h.bus);
    const peer = number();
    const cid = await send(sessionId, peer, { kind: 'text', text: 'hello' });
    const out = await sent(sessionId, cid);
    await h.bus.send('sim.reaction', sessionId, { from: peer, messageId: out.data.messageId, emoji: '🎉' });
    await h.bus.send('sim.edit', sessionId, { from: peer, messageId: 'THEIRS1', body: 'edited text' });
    await h.bus.send('sim.revoke', sessionId, { from: peer, messageId: 'THEIRS2' });
    const r = await h.bus.waitFor(sessionId, 'message.reaction');
    assert.deepEqual({ ...r.data, timestamp: 0 }, { messageId: out.data.messageId, chatId: `${peer}@s.whatsapp.net`, from: `${peer}@s.whatsapp.net`, emoji: '🎉', fromMe: false, targetFromMe: true, timestamp: 0 });
    const ed = await h.bus.waitFor(sessionId, 'message.edited');
    assert.deepEqual([ed.data.messageId, ed.data.body, ed.data.from], ['THEIRS1', 'edited text', `${peer}@s.whatsapp.net`]);
    const rv = await h.bus.waitFor(sessionId, 'message.revoked');
    assert.equal(rv.data.messageId, 'THEIRS2');
    assert.equal((await h.bus.of(sessionId, 'message.received')).length, 0, 'none of these is a message');
  });

  it('groups: create, update, participants, mentions, invite, list, leave, and group events', async () => {
    const { sessionId, phone } = await linkSession(h.bus);
    const me = `${phone}@s.whatsapp.net`;
    const [a, b, c] = [number(), number(), number()];
    const created = await ask(sessionId, 'group.create', { subject: 'Crew', participants: [a, b, '4915100000000'] });
    assert.ok(created.ok && created.result && 'group' in created.result, JSON.stringify(created));
    const group = created.result.group;
    assert.deepEqual(group.participants.map((p) => [p.jid, p.admin]), [[me, 'superadmin'], [`${a}@s.whatsapp.net`, null], [`${b}@s.whatsapp.net`, null]], 'not-on-WhatsApp numbers are not added');
    const joined = await h.bus.waitFor(sessionId, 'group.joined', (d) => d.group.id === group.id);
    assert.equal(joined.data.group.subject, 'Crew');

    const updated = await ask(sessionId, 'group.update', { groupId: group.id, subject: 'Crew 2', description: 'weekend plans' });
    assert.ok(updated.ok && updated.result && 'group' in updated.result);
    assert.deepEqual([updated.result.group.subject, updated.result.group.description], ['Crew 2', 'weekend plans']);
    await h.bus.waitFor(sessionId, 'group.updated', (d) => d.group.id === group.id && d.group.subject === 'Crew 2');

    const added = await ask(sessionId, 'group.participants', { groupId: group.id, action: 'add', participants: [c, a, '4915100000000'] });
    assert.deepEqual(added.result, {
      groupId: group.id,
      participants: [{ jid: `${c}@s.whatsapp.net`, status: '200' }, { jid: `${a}@s.whatsapp.net`, status: '409' }, { jid: '4915100000000@s.whatsapp.net', status: '403' }],
    });
    const event = await h.bus.waitFor(sessionId, 'group.participants', (d) => d.groupId === group.id && d.action === 'add');
    assert.deepEqual([event.data.participants, event.data.by], [[`${c}@s.whatsapp.net`], me]);
    const promoted = await ask(sessionId, 'group.participants', { groupId: group.id, action: 'promote', participants: [c] });
    assert.ok(promoted.ok);
    const got = await ask(sessionId, 'group.get', { groupId: group.id });
    assert.ok(got.result && 'group' in got.result);
    assert.equal(got.result.group.participants.find((p) => p.jid === `${c}@s.whatsapp.net`)?.admin, 'admin');

    const cid = await send(sessionId, group.id, { kind: 'text', text: `@${a} hi` }, { mentions: [a] });
    await sent(sessionId, cid);
    const invite = await ask(sessionId, 'group.invite', { groupId: group.id });
    assert.ok(invite.result && 'link' in invite.result);
    assert.match(invite.result.link, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9_-]{22}$/);

    const other = await ask(sessionId, 'group.create', { subject: 'Second', participants: [a] });
    assert.ok(other.result && 'group' in other.result);
    const list = await ask(sessionId, 'group.list', {});
    assert.ok(list.result && 'groups' in list.result);
    assert.deepEqual(list.result.groups.map((g) => g.subject).sort(), ['Crew 2', 'Second']);

    const otherId = other.result.group.id;
    const left = await ask(sessionId, 'group.leave', { groupId: otherId });
    assert.ok(left.ok);
    const gone = await h.bus.waitFor(sessionId, 'group.participants', (d) => d.action === 'remove' && d.groupId === otherId);
    assert.deepEqual(gone.data.participants, [me]);
    const after = await ask(sessionId, 'group.get', { groupId: otherId });
    assert.deepEqual([after.ok, after.error], [false, 'forbidden']);

    // After a reconnect, every group we are still in is reported again.
    const before = (await h.bus.of(sessionId, 'group.joined')).length;
    await h.bus.send('sim.disconnect', sessionId, { code: 428 });
    const down = await h.bus.waitFor(sessionId, 'session.status', (d) => d.code === 428);
    await h.bus.waitFor(sessionId, 'session.status', (d, e) => d.status === 'ready' && e.seq > down.seq);
    const again = await waitUntil(async () => {
      const all = await h.bus.of(sessionId, 'group.joined');
      return all.length >= before + 1 && all.slice(before);
    }, { what: 'group.joined after reconnect' });
    assert.deepEqual(again.map((e) => e.data.group.id), [group.id], 'the group we left is not among them');
  });

  it('polls: votes on a poll we sent and on one we received, also after a restart', async () => {
    const { sessionId } = await linkSession(h.bus);
    const voter = number();
    const cid = await send(sessionId, voter, { kind: 'poll', name: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], selectableCount: 2 });
    const poll = await sent(sessionId, cid);
    await h.bus.send('sim.vote', sessionId, { pollId: poll.data.messageId, voter, options: ['Sushi', 'Salad'] });
    const vote = await h.bus.waitFor(sessionId, 'poll.vote');
    assert.deepEqual({ ...vote.data, timestamp: 0 }, { pollId: poll.data.messageId, chatId: `${voter}@s.whatsapp.net`, voter: `${voter}@s.whatsapp.net`, selectedOptions: ['Sushi', 'Salad'], timestamp: 0 });

    const group = '120363000000000088@g.us';
    const [creator, member] = [number(), number()];
    await h.bus.send('sim.inbound', sessionId, { from: group, author: creator, content: { kind: 'poll', name: 'Where?', options: ['Here', 'There'] } });
    const received = (await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.type === 'poll')).data.message;
    assert.deepEqual(received.poll, { name: 'Where?', options: ['Here', 'There'], selectableCount: 1 });

    // Restart the engine-host (the simulator, playing WhatsApp, stays up): the secrets come from enginepolls.
    await h.app.stop();
    const second = await startApp(t, env, driver);
    await second.bus.waitFor(sessionId, 'session.status', (d) => d.status === 'ready');
    await second.bus.send('sim.vote', sessionId, { pollId: received.id, voter: member, options: ['There'] });
    await second.bus.send('sim.vote', sessionId, { pollId: poll.data.messageId, voter, options: ['Pizza'] });
    const v2 = await second.bus.waitFor(sessionId, 'poll.vote', (d) => d.pollId === received.id);
    assert.deepEqual([v2.data.voter, v2.data.chatId, v2.data.selectedOptions], [`${member}@s.whatsapp.net`, group, ['There']]);
    const v3 = await second.bus.waitFor(sessionId, 'poll.vote', (d) => d.pollId === poll.data.messageId);
    assert.deepEqual(v3.data.selectedOptions, ['Pizza']);
    h = second;
  });

  it('chat.read is answered when asked; malformed requests are answered and dead-lettered', async () => {
    const { sessionId } = await linkSession(h.bus);
    const chat = number();
    const read = await ask(sessionId, 'chat.read', { chatId: chat, messages: [{ id: 'A1' }, { id: 'A2' }] });
    assert.deepEqual([read.ok, read.result], [true, { chatId: `${chat}@s.whatsapp.net`, read: 2 }]);

    const bad = await ask(sessionId, 'group.participants', { groupId: 'not-a-group', action: 'add', participants: ['491'] });
    assert.deepEqual([bad.ok, bad.error, bad.command], [false, 'invalid_request', 'group.participants']);
    assert.match(bad.detail ?? '', /groupId/);
    const cid = uid('c');
    await h.bus.send('message.send', sessionId, { clientMessageId: cid, to: number(), content: { kind: 'image', url: 'https://example.com/a.jpg' } });
    const failed = await h.bus.waitFor(sessionId, 'message.failed', (d) => d.clientMessageId === cid);
    assert.deepEqual([failed.data.error, failed.data.retryable], ['invalid_request', false]);
    await waitUntil(async () => (await h.bus.poisonTexts()).filter((m) => Buffer.from(m, 'base64').toString().includes(sessionId)).length === 2, {
      what: 'both malformed commands in the poison queue',
    });
  });
});
