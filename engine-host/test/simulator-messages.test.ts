import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type Azurite } from './helpers/azurite.js';
import { startApp, testEnv, uid, type Harness } from './helpers/app.js';
import { linkSession, number } from './helpers/sessions.js';
import { makeTestMedia, sha256, type TestMedia } from './helpers/media.js';

// Messages through the real queues: every content kind, acks, typing, the
// "not on WhatsApp" rule, inbound variants, receipts, the reach-out timelock.

describe('simulator messages over the real queues', () => {
  let azurite: Azurite;
  let h: Harness;
  let media: TestMedia;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    azurite = await startAzurite();
    h = await startApp({ after: (fn) => void cleanups.push(fn as () => Promise<void>) }, testEnv(azurite.connectionString));
    media = makeTestMedia(azurite.connectionString, h.config);
  });
  after(async () => {
    for (const fn of cleanups) await fn();
    await azurite.stop();
  });

  const send = (sessionId: string, content: Record<string, unknown>, to = number(), options?: Record<string, unknown>) => {
    const clientMessageId = uid('c');
    return h.bus.send('message.send', sessionId, { clientMessageId, to, content, ...(options ? { options } : {}) }).then(() => clientMessageId);
  };

  it('sends text and reports sent, then delivered, then read', async () => {
    const { sessionId } = await linkSession(h.bus);
    const to = number();
    const cid = await send(sessionId, { kind: 'text', text: 'hello' }, `+${to}`);
    const sent = await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cid);
    assert.match(sent.data.messageId, /^3EB0[0-9A-F]{18}$/);
    assert.equal(sent.data.to, `${to}@s.whatsapp.net`);
    assert.ok(Math.abs(sent.data.timestamp - Date.now() / 1000) < 60, 'timestamp is unix seconds');
    const delivered = await h.bus.waitFor(sessionId, 'message.status', (d) => d.messageId === sent.data.messageId && d.status === 'delivered');
    const read = await h.bus.waitFor(sessionId, 'message.status', (d) => d.messageId === sent.data.messageId && d.status === 'read');
    assert.equal(delivered.data.chatId, `${to}@s.whatsapp.net`);
    // Receipts race the send report (see README), but delivered and read keep their order.
    assert.ok(read.seq > delivered.seq);
  });

  it('sends every content kind', async () => {
    const { sessionId } = await linkSession(h.bus);
    const to = number();
    const up = async (name: string, mimetype: string, fileName?: string) => (await media.upload(`out/${uid()}/${name}`, mimetype, undefined, fileName)).ref;
    const contents = [
      { kind: 'image', media: await up('a.jpg', 'image/jpeg'), caption: 'pic' },
      { kind: 'video', media: await up('a.mp4', 'video/mp4'), caption: 'clip' },
      { kind: 'audio', media: await up('a.ogg', 'audio/ogg; codecs=opus'), ptt: true },
      { kind: 'document', media: await up('a.pdf', 'application/pdf', 'a.pdf'), caption: 'doc' },
      { kind: 'sticker', media: await up('a.webp', 'image/webp') },
      { kind: 'location', latitude: 52.52, longitude: 13.4, name: 'Berlin' },
      { kind: 'contact', fullName: 'Ada', phoneNumber: '+44 20 7946 0000' },
      { kind: 'poll', name: 'Lunch?', options: ['Pizza', 'Sushi'] },
      { kind: 'reaction', messageId: '3EB0AAAAAAAAAAAAAAAAAA', emoji: '👍', fromMe: true },
    ];
    const ids = [];
    for (const c of contents) ids.push(await send(sessionId, c, to));
    for (const cid of ids) await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cid);
    assert.equal((await h.bus.of(sessionId, 'message.failed')).length, 0);
  });

  it('fails sends to numbers that are not on WhatsApp, not retryable', async () => {
    const { sessionId } = await linkSession(h.bus);
    const cid = await send(sessionId, { kind: 'text', text: 'hi' }, '4915100000000');
    const failed = await h.bus.waitFor(sessionId, 'message.failed', (d) => d.clientMessageId === cid);
    assert.equal(failed.data.error, 'not_on_whatsapp');
    assert.equal(failed.data.retryable, false);
  });

  it('shows typing for options.typingMs before sending', async () => {
    const { sessionId } = await linkSession(h.bus);
    const t0 = Date.now();
    const cid = await send(sessionId, { kind: 'text', text: 'slow' }, number(), { typingMs: 400 });
    await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cid);
    assert.ok(Date.now() - t0 >= 400, 'the send waited for the typing time');
  });

  it('checks which numbers are on WhatsApp', async () => {
    const { sessionId } = await linkSession(h.bus);
    await h.bus.send('contacts.check', sessionId, { requestId: 'req1', numbers: ['+49 151 1234567', '4915100000000'] });
    const res = await h.bus.waitFor(sessionId, 'contacts.check.result', (d) => d.requestId === 'req1');
    assert.deepEqual(res.data.results, [
      { number: '+49 151 1234567', exists: true, jid: '491511234567@s.whatsapp.net' },
      { number: '4915100000000', exists: false },
    ]);
  });

  it('reports inbound messages from a number, with the push name', async () => {
    const { sessionId } = await linkSession(h.bus);
    const from = number();
    await h.bus.send('sim.inbound', sessionId, { from, text: 'hi there', name: 'Bob' });
    const got = await h.bus.waitFor(sessionId, 'message.received');
    const m = got.data.message;
    assert.match(m.id, /^SIM[0-9A-F]{17}$/);
    assert.deepEqual({ ...m, id: 'x', timestamp: 0 }, {
      id: 'x', chatId: `${from}@s.whatsapp.net`, from: `${from}@s.whatsapp.net`, pushName: 'Bob', fromMe: false,
      isGroup: false, timestamp: 0, type: 'text', body: 'hi there', mentions: [], viewOnce: false,
    });
  });

  it('reports group messages with author, quoted id and the stored media; ignores status broadcasts', async () => {
    const { sessionId } = await linkSession(h.bus);
    const author = number();
    await h.bus.send('sim.inbound', sessionId, { from: 'status@broadcast', author, text: 'my story' });
    await h.bus.send('sim.inbound', sessionId, { from: '120363000000000001@g.us', author, text: 'look', kind: 'image', name: 'Eve', quotedId: 'QUOTED1' });
    const got = await h.bus.waitFor(sessionId, 'message.received');
    const m = got.data.message;
    assert.equal(m.chatId, '120363000000000001@g.us');
    assert.equal(m.isGroup, true);
    assert.equal(m.author, `${author}@s.whatsapp.net`);
    assert.equal(m.from, `${author}@s.whatsapp.net`);
    assert.equal(m.type, 'image');
    assert.equal(m.body, 'look');
    assert.equal(m.quotedId, 'QUOTED1');
    assert.deepEqual(m.replyTo, { id: 'QUOTED1' });
    // v1's flat form carries a generated sample file; it went through the download path into Blob storage.
    assert.ok(m.media && 'blob' in m.media, `media stored: ${JSON.stringify(m.media)}`);
    assert.equal(m.media.mimetype, 'image/jpeg');
    assert.equal(m.media.caption, 'look');
    const stored = await media.download(m.media.blob);
    assert.equal(stored.bytes.length, m.media.size);
    assert.equal(sha256(stored.bytes), m.media.sha256);
    assert.equal(stored.contentType, 'image/jpeg');
    const all = await h.bus.of(sessionId, 'message.received');
    assert.equal(all.length, 1, 'the status@broadcast message was ignored');
  });

  it('maps every inbound kind', async () => {
    const { sessionId } = await linkSession(h.bus);
    const kinds = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contact'];
    for (const kind of kinds) await h.bus.send('sim.inbound', sessionId, { from: number(), text: `k-${kind}`, kind });
    for (const kind of kinds) {
      const got = await h.bus.waitFor(sessionId, 'message.received', (d) => d.message.type === kind);
      if (kind === 'document') assert.equal(got.data.message.media?.filename, 'document.pdf');
      if (kind === 'location') assert.equal(got.data.message.location?.latitude, 52.52);
    }
  });

  it('turns sim.status into message.status (played)', async () => {
    const { sessionId } = await linkSession(h.bus);
    const { ref } = await media.upload(`out/${uid()}/v.ogg`, 'audio/ogg; codecs=opus');
    const cid = await send(sessionId, { kind: 'audio', media: ref, ptt: true });
    const sent = await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cid);
    await h.bus.send('sim.status', sessionId, { messageId: sent.data.messageId, status: 'played' });
    const played = await h.bus.waitFor(sessionId, 'message.status', (d) => d.status === 'played');
    assert.equal(played.data.messageId, sent.data.messageId);
    assert.equal(played.data.chatId, sent.data.to);
  });

  it('applies the reach-out timelock: warning, new contacts refused, known ones allowed, lifted after', async () => {
    const { sessionId } = await linkSession(h.bus);
    const known = number();
    const cidKnown = await send(sessionId, { kind: 'text', text: 'before' }, known);
    await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cidKnown);
    await h.bus.send('sim.timelock', sessionId, { seconds: 60 });
    const warning = await h.bus.waitFor(sessionId, 'session.warning');
    assert.equal(warning.data.kind, 'reachout_timelock');
    assert.ok(warning.data.until && warning.data.until > Date.now() / 1000 + 50);
    const fresh = number();
    const cidNew = await send(sessionId, { kind: 'text', text: 'cold' }, fresh);
    const failed = await h.bus.waitFor(sessionId, 'message.failed', (d) => d.clientMessageId === cidNew);
    assert.equal(failed.data.error, 'reachout_timelock');
    assert.equal(failed.data.retryable, true);
    const cidAgain = await send(sessionId, { kind: 'text', text: 'warm' }, known);
    await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cidAgain);
    await h.bus.send('sim.timelock', sessionId, { seconds: 0 });
    // The retry of the refused message (same clientMessageId) goes out once the lock is lifted.
    await h.bus.send('message.send', sessionId, { clientMessageId: cidNew, to: fresh, content: { kind: 'text', text: 'cold' } });
    await h.bus.waitFor(sessionId, 'message.sent', (d) => d.clientMessageId === cidNew);
  });
});
