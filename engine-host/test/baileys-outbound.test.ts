import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { normalizeMessageContent } from '@whiskeysockets/baileys';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { makeMemoryMediaStore } from '../src/media/media-store.js';
import { makeMemoryPollStore } from '../src/polls/poll-store.js';
import { messageIdFor } from '../src/sessions/sent-store.js';
import { parseVcard } from '../src/util/vcard.js';
import { boom } from './helpers/fakes.js';
import { baileysBuild, ME_JID, startFakeEngine, type FakeEngine } from './helpers/engine.js';
import { uid } from './helpers/app.js';

// Message BUILDING in the Baileys driver's path: a message.send command goes
// through validation, the sender and the content builder into a fake socket's
// sendMessage. What it received is checked, and then fed to Baileys' own
// generateWAMessage to check the proto WhatsApp would get (quotes, mentions,
// view-once, poll secret, vCard, media bytes).

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const to = '4917612345678';
const toJid = `${to}@s.whatsapp.net`;
const group = '120363000000000042@g.us';

describe('outbound message building (Baileys driver seams)', () => {
  const engines: FakeEngine[] = [];
  after(async () => {
    for (const e of engines) await e.stop();
  });
  const engine = async (opts: Parameters<typeof startFakeEngine>[0] = {}): Promise<FakeEngine> => {
    const e = await startFakeEngine(opts);
    engines.push(e);
    return e;
  };

  async function send(e: FakeEngine, content: Record<string, unknown>, opts: { to?: string; options?: Record<string, unknown> } = {}) {
    const clientMessageId = uid('c');
    await e.run('message.send', { clientMessageId, to: opts.to ?? to, content, ...(opts.options ? { options: opts.options } : {}) });
    return clientMessageId;
  }

  const lastSend = (e: FakeEngine) => {
    const all = e.sends();
    const s = all[all.length - 1];
    assert.ok(s, 'sendMessage was called');
    return s;
  };

  async function upload(e: FakeEngine, name: string, mimetype: string, bytes = randomBytes(1500)) {
    await e.media.write(name, Readable.from([bytes]), mimetype);
    return { bytes, ref: { blob: name, mimetype, size: bytes.length, sha256: sha(bytes) } };
  }

  it('text: a quoted reply in a 1:1 chat, under the id derived from clientMessageId', async () => {
    const e = await engine();
    const cid = await send(e, { kind: 'text', text: 'sure' }, { options: { replyTo: { id: 'ABC123', fromMe: false, body: 'can we meet?' } } });
    const s = lastSend(e);
    assert.equal(s.jid, toJid);
    assert.deepEqual(s.content, { text: 'sure' });
    assert.equal(s.options.messageId, messageIdFor(e.sessionId, cid));
    assert.deepEqual(s.options.quoted, { key: { remoteJid: toJid, fromMe: false, id: 'ABC123' }, message: { conversation: 'can we meet?' } });
    const wire = normalizeMessageContent((await baileysBuild(s)).message);
    const ctx = wire?.extendedTextMessage?.contextInfo;
    assert.equal(wire?.extendedTextMessage?.text, 'sure');
    assert.equal(ctx?.stanzaId, 'ABC123');
    assert.equal(ctx?.participant, toJid, 'in a 1:1 chat the quoted author is the other person');
    assert.equal(ctx?.quotedMessage?.conversation, 'can we meet?');
    const sent = await e.events.waitFor('message.sent', (d) => d.clientMessageId === cid);
    assert.equal(sent.messageId, messageIdFor(e.sessionId, cid));
  });

  it('text in a group: mentions and a reply to a member (or to ourselves)', async () => {
    const e = await engine();
    await send(e, { kind: 'text', text: '@4917611111111 look' }, {
      to: group,
      options: { mentions: ['+49 176 11111111', '4917622222222@s.whatsapp.net'], replyTo: { id: 'Q1', fromMe: false, participant: '4917633333333' } },
    });
    const s = lastSend(e);
    assert.equal(s.jid, group);
    assert.deepEqual((s.content as { mentions?: string[] }).mentions, ['4917611111111@s.whatsapp.net', '4917622222222@s.whatsapp.net']);
    assert.equal(s.options.quoted?.key.participant, '4917633333333@s.whatsapp.net');
    const ctx = normalizeMessageContent((await baileysBuild(s)).message)?.extendedTextMessage?.contextInfo;
    assert.deepEqual(ctx?.mentionedJid, ['4917611111111@s.whatsapp.net', '4917622222222@s.whatsapp.net']);
    assert.equal(ctx?.stanzaId, 'Q1');
    assert.equal(ctx?.participant, '4917633333333@s.whatsapp.net');

    await send(e, { kind: 'text', text: 'as I said' }, { to: group, options: { replyTo: { id: 'MINE1', fromMe: true } } });
    const mine = lastSend(e);
    assert.equal(mine.options.quoted?.key.fromMe, true);
    const ctx2 = normalizeMessageContent((await baileysBuild(mine)).message)?.extendedTextMessage?.contextInfo;
    assert.equal(ctx2?.participant, ME_JID, 'quoting our own message names us');
  });

  it('a reply to someone else in a group without participant is refused before sending', async () => {
    const e = await engine();
    const cid = await send(e, { kind: 'text', text: 'x' }, { to: group, options: { replyTo: { id: 'Q1', fromMe: false } } });
    const failed = await e.events.waitFor('message.failed', (d) => d.clientMessageId === cid);
    assert.deepEqual([failed.error, failed.retryable], ['invalid_request', false]);
    assert.equal(e.sends().length, 0);
  });

  it('image: the blob bytes, caption and mentions reach WhatsApp; view-once wraps it', async () => {
    const e = await engine();
    const { bytes, ref } = await upload(e, 'out/a.jpg', 'image/jpeg');
    await send(e, { kind: 'image', media: ref, caption: 'look' }, { to: group, options: { mentions: ['4917611111111'] } });
    const s = lastSend(e);
    const c = s.content as { image: Buffer; caption?: string; mimetype?: string; viewOnce?: boolean; mentions?: string[] };
    assert.ok(Buffer.isBuffer(c.image) && c.image.equals(bytes), 'the bytes read from Blob storage');
    assert.deepEqual([c.caption, c.mimetype, c.viewOnce, c.mentions], ['look', 'image/jpeg', undefined, ['4917611111111@s.whatsapp.net']]);
    const img = (await baileysBuild(s)).message?.imageMessage;
    assert.ok(img);
    assert.equal(img.caption, 'look');
    assert.equal(Buffer.from(img.fileSha256 ?? []).toString('hex'), sha(bytes), 'WhatsApp gets the hash of exactly these bytes');
    assert.equal(Number(img.fileLength), bytes.length);
    assert.deepEqual(img.contextInfo?.mentionedJid, ['4917611111111@s.whatsapp.net']);

    await send(e, { kind: 'image', media: ref, caption: 'once', viewOnce: true }, { options: { replyTo: { id: 'Q9', fromMe: false } } });
    const once = lastSend(e);
    assert.equal((once.content as { viewOnce?: boolean }).viewOnce, true);
    const wrapped = (await baileysBuild(once)).message?.viewOnceMessage?.message?.imageMessage;
    assert.ok(wrapped, 'wrapped as a view-once message');
    assert.equal(wrapped.caption, 'once');
    assert.equal(wrapped.contextInfo?.stanzaId, 'Q9', 'a reply survives the wrapper');
  });

  it('video, audio (voice note), document (file name), sticker', async () => {
    const e = await engine();
    const video = await upload(e, 'out/v.mp4', 'video/mp4');
    const audio = await upload(e, 'out/a.ogg', 'audio/ogg; codecs=opus');
    const doc = await upload(e, 'out/d.pdf', 'application/pdf');
    const sticker = await upload(e, 'out/s.webp', 'image/webp');
    await send(e, { kind: 'video', media: video.ref, caption: 'clip' });
    await send(e, { kind: 'audio', media: audio.ref, ptt: true });
    await send(e, { kind: 'document', media: { ...doc.ref, fileName: 'Invoice 7.pdf' }, caption: 'your invoice' });
    await send(e, { kind: 'sticker', media: sticker.ref });
    const [v, a, d, st] = e.sends();
    assert.ok(v && a && d && st);
    assert.ok((v.content as { video: Buffer }).video.equals(video.bytes));
    assert.deepEqual({ ...(a.content as object), audio: undefined }, { audio: undefined, mimetype: 'audio/ogg; codecs=opus', ptt: true });
    assert.deepEqual({ ...(d.content as object), document: undefined }, { document: undefined, mimetype: 'application/pdf', fileName: 'Invoice 7.pdf', caption: 'your invoice' });
    assert.deepEqual({ ...(st.content as object), sticker: undefined }, { sticker: undefined, mimetype: 'image/webp' });
    const wire = await Promise.all([v, a, d, st].map(async (s) => (await baileysBuild(s)).message));
    assert.equal(wire[0]?.videoMessage?.caption, 'clip');
    assert.equal(wire[1]?.audioMessage?.ptt, true);
    assert.equal(wire[2]?.documentMessage?.fileName, 'Invoice 7.pdf');
    assert.equal(Buffer.from(wire[3]?.stickerMessage?.fileSha256 ?? []).toString('hex'), sticker.ref.sha256);
  });

  it('media that is missing, not as described, or too large fails without reaching WhatsApp', async () => {
    const e = await engine({ shared: { media: makeMemoryMediaStore({ maxBytes: 4096 }) } });
    const ok = await upload(e, 'out/ok.jpg', 'image/jpeg');
    const big = await upload(e, 'out/big.jpg', 'image/jpeg', randomBytes(5000));
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok.ref, blob: 'out/nope.jpg' }, 'media_missing'],
      [{ ...ok.ref, size: ok.bytes.length + 1 }, 'media_mismatch'],
      [{ ...ok.ref, sha256: sha(Buffer.from('other')) }, 'media_mismatch'],
      [big.ref, 'media_too_large'],
    ];
    for (const [media, error] of cases) {
      const cid = await send(e, { kind: 'image', media });
      const failed = await e.events.waitFor('message.failed', (d) => d.clientMessageId === cid);
      assert.deepEqual([failed.error, failed.retryable], [error, false], JSON.stringify(media));
    }
    assert.equal(e.sends().length, 0);
  });

  it('location, contact (vCard), reaction', async () => {
    const e = await engine();
    await send(e, { kind: 'location', latitude: 52.52, longitude: 13.405, name: 'Office', address: 'Main St 1' });
    await send(e, { kind: 'contact', fullName: 'Ada; Lovelace', phoneNumber: '+44 20 7946 0000', organization: 'Analytical' });
    await send(e, { kind: 'reaction', messageId: 'TARGET1', emoji: '👍', fromMe: false });
    await send(e, { kind: 'reaction', messageId: 'TARGET2', emoji: '', fromMe: true, participant: '4917633333333@s.whatsapp.net' }, { to: group });
    const [loc, card, react, unreact] = e.sends();
    assert.deepEqual(loc?.content, { location: { degreesLatitude: 52.52, degreesLongitude: 13.405, name: 'Office', address: 'Main St 1' } });
    const vcard = (card?.content as { contacts: { contacts: { vcard: string }[] } }).contacts.contacts[0]?.vcard ?? '';
    assert.match(vcard, /^BEGIN:VCARD\nVERSION:3\.0\nFN:Ada\\; Lovelace\nORG:Analytical;\nTEL;type=CELL;type=VOICE;waid=442079460000:\+442079460000\nEND:VCARD$/);
    assert.deepEqual(parseVcard(vcard), { fullName: 'Ada; Lovelace', phoneNumber: '442079460000', organization: 'Analytical' });
    assert.equal((await baileysBuild(card!)).message?.contactMessage?.displayName, 'Ada; Lovelace');
    assert.deepEqual(react?.content, { react: { text: '👍', key: { remoteJid: toJid, id: 'TARGET1', fromMe: false } } });
    assert.deepEqual(unreact?.content, { react: { text: '', key: { remoteJid: group, id: 'TARGET2', fromMe: true, participant: '4917633333333@s.whatsapp.net' } } });
    assert.equal(e.fake.calls.filter((c) => c.method === 'onWhatsApp').length, 1, 'reactions and groups skip the number check; the contact number was checked once');
  });

  it('poll: the secret is stored before sending and is the one WhatsApp gets; single choice is V3, multiple is V1', async () => {
    const e = await engine();
    const cid = await send(e, { kind: 'poll', name: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'] });
    const multi = await send(e, { kind: 'poll', name: 'Which days?', options: ['Mon', 'Tue'], selectableCount: 0 });
    const [single, many] = e.sends();
    const pollId = messageIdFor(e.sessionId, cid);
    const record = await e.polls.get(e.sessionId, pollId);
    assert.ok(record, 'poll stored under its message id');
    assert.deepEqual({ ...record, secret: 'x' }, { chatId: toJid, name: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], selectableCount: 1, secret: 'x', creators: [ME_JID, '99887766554433@lid'] });
    const secret = (single?.content as { poll: { messageSecret: Uint8Array } }).poll.messageSecret;
    assert.equal(Buffer.from(secret).toString('base64'), record.secret);
    const wire = (await baileysBuild(single!)).message;
    assert.deepEqual(wire?.pollCreationMessageV3?.options?.map((o) => o.optionName), ['Pizza', 'Sushi', 'Salad']);
    assert.equal(Buffer.from(wire?.messageContextInfo?.messageSecret ?? []).toString('base64'), record.secret);
    const wire2 = (await baileysBuild(many!)).message;
    assert.equal(wire2?.pollCreationMessage?.selectableOptionsCount, 0);
    assert.equal((await e.polls.get(e.sessionId, messageIdFor(e.sessionId, multi)))?.selectableCount, 0);
  });

  it('a poll retried after a dropped connection goes out with the same secret', async () => {
    let fail = true;
    const e = await engine({
      overrides: {
        sendMessage: async (jid, _c, options) => {
          if (fail) {
            fail = false;
            throw boom(428, 'Connection Closed');
          }
          return { key: { remoteJid: jid, id: options?.messageId ?? 'X', fromMe: true }, messageTimestamp: 1 };
        },
      },
      shared: { polls: makeMemoryPollStore() },
    });
    const data = { kind: 'poll', name: 'Again?', options: ['Yes', 'No'] };
    const cid = uid('c');
    await e.run('message.send', { clientMessageId: cid, to, content: data });
    const failed = await e.events.waitFor('message.failed', (d) => d.clientMessageId === cid);
    assert.deepEqual([failed.error, failed.retryable], ['connection_lost', true]);
    await e.run('message.send', { clientMessageId: cid, to, content: data });
    await e.events.waitFor('message.sent', (d) => d.clientMessageId === cid);
    const secrets = e.sends().map((s) => Buffer.from((s.content as { poll: { messageSecret: Uint8Array } }).poll.messageSecret).toString('hex'));
    assert.equal(secrets.length, 2);
    assert.equal(secrets[0], secrets[1]);
    assert.equal(e.sends()[0]?.options.messageId, e.sends()[1]?.options.messageId);
  });

  it('content the contract does not allow is refused at validation', async () => {
    const e = await engine();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'audio', media: { blob: 'a', mimetype: 'audio/ogg' }, caption: 'no' }, /caption/],
      [{ kind: 'image', media: { blob: 'a', mimetype: 'image/jpeg', sha256: 'xyz' } }, /sha256/],
      [{ kind: 'image', media: { blob: '/abs', mimetype: 'image/jpeg' } }, /blob name/],
      [{ kind: 'poll', name: 'p', options: ['a', 'a'] }, /distinct/],
      [{ kind: 'poll', name: 'p', options: Array.from({ length: 13 }, (_, i) => `o${i}`) }, /two to 12/],
      [{ kind: 'poll', name: 'p', options: ['a', 'b'], selectableCount: 3 }, /selectableCount/],
      [{ kind: 'contact', fullName: 'x' }, /phoneNumber/],
    ];
    for (const [content, message] of bad) await assert.rejects(e.run('message.send', { clientMessageId: 'c', to, content }), message);
    await assert.rejects(
      e.run('message.send', { clientMessageId: 'c', to, content: { kind: 'reaction', messageId: 'm', emoji: 'x' }, options: { mentions: ['491'] } }),
      /reaction/,
    );
    await assert.rejects(
      e.run('message.send', { clientMessageId: 'c', to, content: { kind: 'video', media: { blob: 'v', mimetype: 'video/mp4' }, viewOnce: true }, options: { mentions: ['491'] } }),
      /viewOnce/,
    );
    assert.equal(e.sends().length, 0);
  });

  it('v1 contact fields (name, phone) are still accepted', async () => {
    const e = await engine();
    await send(e, { kind: 'contact', name: 'Bob', phone: '+1 555 0100' });
    const content = lastSend(e).content as Extract<AnyMessageContent, { contacts: unknown }>;
    assert.equal(content.contacts.displayName, 'Bob');
    assert.match(content.contacts.contacts[0]?.vcard ?? '', /waid=15550100:/);
  });
});
