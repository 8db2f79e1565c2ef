import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { encryptedStream, proto } from '@whiskeysockets/baileys';
import type { WAMessage } from '@whiskeysockets/baileys';
import type { EventMap } from '../src/bus/events.js';
import { makeBaileysDownloader } from '../src/drivers/baileys/media-download.js';
import { encryptPollVote } from '../src/drivers/simulator/sim-polls.js';
import { inboundBlobName } from '../src/media/blob-names.js';
import { makeMemoryPollStore } from '../src/polls/poll-store.js';
import { messageIdFor } from '../src/sessions/sent-store.js';
import { buildVcard } from '../src/util/vcard.js';
import { ME, ME_JID, startFakeEngine, type FakeEngine } from './helpers/engine.js';
import { uid } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

// Message PARSING in the Baileys driver's path: proto messages emitted on a
// fake socket's messages.upsert (as Baileys emits them) become message.received,
// message.reaction, message.edited, message.revoked and poll.vote. Media is
// downloaded by Baileys' real downloadMediaMessage from a loopback "CDN"
// serving an encrypted file, decrypted, and stored.

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const peer = '4917612345678@s.whatsapp.net';
const group = '120363000000000042@g.us';
const author = '4917633333333@s.whatsapp.net';
const authorLid = '211111111111111@lid';
let n = 0;
const nextId = (): string => `3A${String(++n).padStart(18, '0')}`;

function msg(message: proto.IMessage, opts: { chat?: string; participant?: string; participantAlt?: string; fromMe?: boolean; id?: string; pushName?: string } = {}): WAMessage {
  return {
    key: {
      remoteJid: opts.chat ?? peer,
      fromMe: opts.fromMe ?? false,
      id: opts.id ?? nextId(),
      ...(opts.participant ? { participant: opts.participant } : {}),
      ...(opts.participantAlt ? { participantAlt: opts.participantAlt } : {}),
    },
    message,
    messageTimestamp: 1_760_000_000,
    ...(opts.pushName ? { pushName: opts.pushName } : {}),
  };
}

/** A stand-in for WhatsApp's media CDN on loopback: serves encrypted files by path. */
class Cdn {
  server: Server = createServer((req, res) => {
    this.hits.push(req.url ?? '');
    const file = this.files.get((req.url ?? '').split('?')[0] ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
  });
  files = new Map<string, Buffer>();
  hits: string[] = [];
  base = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  /** encrypts `plain` as WhatsApp does and serves it at `path`; returns the message's media fields */
  async host(path: string, plain: Buffer, type: 'image' | 'document') {
    const enc = await encryptedStream(plain, type);
    this.files.set(path, await readFile(enc.encFilePath));
    await rm(enc.encFilePath, { force: true });
    return { url: `${this.base}${path}?token=SECRET123`, mediaKey: enc.mediaKey, fileSha256: enc.fileSha256, fileEncSha256: enc.fileEncSha256, fileLength: enc.fileLength };
  }
  stop = (): Promise<void> => new Promise((r) => this.server.close(() => r()));
}

describe('inbound message parsing (Baileys driver seams)', () => {
  const cdn = new Cdn();
  const engines: FakeEngine[] = [];
  before(() => cdn.start());
  after(async () => {
    for (const e of engines) await e.stop();
    await cdn.stop();
  });

  /** an engine whose socket downloads media with the Baileys driver's downloader */
  async function engine(opts: Parameters<typeof startFakeEngine>[0] = {}): Promise<FakeEngine> {
    const reuploads: WAMessage[] = [];
    const downloader = makeBaileysDownloader({
      updateMediaMessage: async (m: WAMessage) => {
        reuploads.push(m);
        const image = m.message?.imageMessage;
        // The phone uploaded the file again: same keys, a new URL.
        return { ...m, message: { imageMessage: { ...image, url: String(image?.url).replace('/expired/', '/fresh/') } } };
      },
    });
    const e = await startFakeEngine({ ...opts, overrides: { downloadMedia: downloader, ...opts.overrides } });
    engines.push(e);
    return Object.assign(e, { reuploads });
  }

  const received = (e: FakeEngine, id: string): Promise<EventMap['message.received']['message']> =>
    e.events.waitFor('message.received', (d) => d.message.id === id).then((d) => d.message);

  it('text: every field of a 1:1 message', async () => {
    const e = await engine();
    const m = msg({ conversation: 'hello there' }, { pushName: 'Bob' });
    e.upsert([m]);
    assert.deepEqual(await received(e, m.key.id!), {
      id: m.key.id, chatId: peer, from: peer, pushName: 'Bob', fromMe: false, isGroup: false, timestamp: 1_760_000_000,
      type: 'text', body: 'hello there', mentions: [], viewOnce: false,
    });
  });

  it('group text: author by phone number (not LID), quoted reply, mentions', async () => {
    const e = await engine();
    const m = msg(
      { extendedTextMessage: { text: '@4917611111111 see above', contextInfo: { stanzaId: 'Q1', participant: '4917622222222:5@s.whatsapp.net', mentionedJid: ['4917611111111@s.whatsapp.net'] } } },
      { chat: group, participant: authorLid, participantAlt: author },
    );
    e.upsert([m]);
    const r = await received(e, m.key.id!);
    assert.deepEqual([r.chatId, r.isGroup, r.author, r.from], [group, true, author, author]);
    assert.deepEqual(r.replyTo, { id: 'Q1', participant: '4917622222222@s.whatsapp.net' });
    assert.equal(r.quotedId, 'Q1', 'v1 alias');
    assert.deepEqual(r.mentions, ['4917611111111@s.whatsapp.net']);
  });

  it('image: downloaded and decrypted by Baileys, stored at in/<session>/<id> with its type', async () => {
    const e = await engine();
    const plain = randomBytes(40_000);
    const media = await cdn.host('/img/a.enc', plain, 'image');
    const m = msg({ imageMessage: { ...media, mimetype: 'image/jpeg', caption: 'the view' } });
    e.upsert([m]);
    const r = await received(e, m.key.id!);
    const blob = inboundBlobName(e.sessionId, m.key.id!);
    assert.deepEqual([r.type, r.body], ['image', 'the view']);
    assert.deepEqual(r.media, { mimetype: 'image/jpeg', caption: 'the view', blob, size: plain.length, sha256: sha(plain) });
    const stored = e.media.blobs.get(blob);
    assert.ok(stored && stored.bytes.equals(plain), 'the decrypted bytes are in the media container');
    assert.equal(stored.contentType, 'image/jpeg');
  });

  it('media the CDN no longer has is re-requested from the phone and then stored', async () => {
    const e = (await engine()) as FakeEngine & { reuploads: WAMessage[] };
    const plain = randomBytes(3000);
    const media = await cdn.host('/fresh/b.enc', plain, 'image');
    const m = msg({ imageMessage: { ...media, url: media.url.replace('/fresh/', '/expired/'), mimetype: 'image/png' } });
    e.upsert([m]);
    const r = await received(e, m.key.id!);
    assert.equal(e.reuploads.length, 1, 'one re-upload request');
    assert.ok(r.media && 'blob' in r.media);
    assert.equal(r.media.sha256, sha(plain));
  });

  it('a failed download is reported with the message, without the URL token', async () => {
    const e = await engine({ overrides: {} });
    const m = msg({ documentMessage: { url: `${cdn.base}/missing/x.enc?token=SECRET123`, mediaKey: randomBytes(32), mimetype: 'application/pdf', fileName: 'a.pdf', fileLength: 1234 } });
    e.fake.socket.downloadMedia = makeBaileysDownloader({ updateMediaMessage: async () => Promise.reject(new Error('phone offline')) });
    e.upsert([m]);
    const r = await received(e, m.key.id!);
    assert.ok(r.media && 'error' in r.media, JSON.stringify(r.media));
    assert.equal(r.media.error, 'download_failed');
    assert.equal(r.media.fileName, 'a.pdf');
    assert.equal(r.media.size, 1234);
    assert.equal(r.type, 'document');
    const bad = msg({ imageMessage: { url: `${cdn.base}/gone/y.enc?token=SECRET123`, mediaKey: randomBytes(32), mimetype: 'image/jpeg' } });
    e.fake.socket.downloadMedia = async () => {
      throw new Error(`Failed to fetch stream from ${cdn.base}/gone/y.enc?token=SECRET123`);
    };
    e.upsert([bad]);
    const r2 = await received(e, bad.key.id!);
    assert.ok(r2.media && 'error' in r2.media);
    assert.match(r2.media.detail, /Failed to fetch stream/);
    assert.doesNotMatch(r2.media.detail, /SECRET123/, 'CDN tokens are not passed on');
  });

  it('video, voice note, document, sticker, view-once: type and file details', async () => {
    const e = await engine({ overrides: { downloadMedia: async () => Readable.from([Buffer.from('bytes')]) } });
    const cases: [proto.IMessage, Partial<EventMap['message.received']['message']>][] = [
      [{ videoMessage: { mimetype: 'video/mp4', caption: 'clip', fileLength: 9 } }, { type: 'video', body: 'clip', viewOnce: false }],
      [{ audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } }, { type: 'audio', body: '' }],
      [{ documentWithCaptionMessage: { message: { documentMessage: { mimetype: 'application/pdf', fileName: 'x.pdf', caption: 'doc' } } } }, { type: 'document', body: 'doc' }],
      [{ stickerMessage: { mimetype: 'image/webp' } }, { type: 'sticker' }],
      [{ viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg', viewOnce: true } } } }, { type: 'image', viewOnce: true }],
    ];
    for (const [content, expected] of cases) {
      const m = msg(content);
      e.upsert([m]);
      const r = await received(e, m.key.id!);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(r[k as keyof typeof r], v, `${k} of ${JSON.stringify(content)}`);
      assert.ok(r.media && 'blob' in r.media && r.media.size === 5, 'stored');
    }
    const voice = e.events.of('message.received').find((d) => d.message.type === 'audio')?.message.media;
    assert.equal(voice?.ptt, true);
    const doc = e.events.of('message.received').find((d) => d.message.type === 'document')?.message.media;
    assert.deepEqual([doc?.fileName, doc?.filename, doc?.mimetype], ['x.pdf', 'x.pdf', 'application/pdf']);
  });

  it('location, contact, several contacts, poll (its secret kept for the votes)', async () => {
    const e = await engine();
    const loc = msg({ locationMessage: { degreesLatitude: 48.1, degreesLongitude: 11.5, name: 'Cafe', address: 'Square 2' } });
    const card = msg({ contactMessage: { displayName: 'Ada', vcard: buildVcard({ fullName: 'Ada', phoneNumber: '+44 20 7946 0000', organization: 'Analytical; Engines' }) } });
    const cards = msg({
      contactsArrayMessage: {
        displayName: '2 contacts',
        contacts: [
          { displayName: 'Ada', vcard: buildVcard({ fullName: 'Ada', phoneNumber: '442079460000' }) },
          { displayName: 'Bob', vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nTEL:+1 555 0100\nEND:VCARD' },
        ],
      },
    });
    const secret = randomBytes(32);
    const poll = msg(
      { pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }], selectableOptionsCount: 1 }, messageContextInfo: { messageSecret: secret } },
      { chat: group, participant: authorLid, participantAlt: author },
    );
    e.upsert([loc, card, cards, poll]);
    const l = await received(e, loc.key.id!);
    assert.deepEqual([l.type, l.body, l.location], ['location', 'Cafe', { latitude: 48.1, longitude: 11.5, name: 'Cafe', address: 'Square 2' }]);
    const c = await received(e, card.key.id!);
    assert.deepEqual([c.type, c.body, c.contact?.fullName, c.contact?.phoneNumber, c.contact?.organization], ['contact', 'Ada', 'Ada', '442079460000', 'Analytical; Engines']);
    assert.match(c.contact?.vcard ?? '', /^BEGIN:VCARD/);
    const cs = await received(e, cards.key.id!);
    assert.deepEqual(cs.contacts?.map((x) => [x.fullName, x.phoneNumber, x.organization]), [['Ada', '442079460000', undefined], ['Bob', '15550100', undefined]]);
    assert.equal(cs.contact?.fullName, 'Ada');
    const p = await received(e, poll.key.id!);
    assert.deepEqual([p.type, p.body, p.poll], ['poll', 'Lunch?', { name: 'Lunch?', options: ['Pizza', 'Sushi'], selectableCount: 1 }]);
    const stored = await e.polls.get(e.sessionId, poll.key.id!);
    assert.deepEqual(stored, { chatId: group, name: 'Lunch?', options: ['Pizza', 'Sushi'], selectableCount: 1, secret: secret.toString('base64'), creators: [author, authorLid] });
  });

  it('reactions are message.reaction, not messages; "" removes one', async () => {
    const e = await engine();
    const like = msg({ reactionMessage: { key: { remoteJid: peer, id: 'OURS1', fromMe: true }, text: '❤️', senderTimestampMs: 1_760_000_123_456 } });
    const unlike = msg({ reactionMessage: { key: { remoteJid: group, id: 'THEIRS1', fromMe: false, participant: author }, text: '' } }, { chat: group, participant: '4917644444444@s.whatsapp.net' });
    e.upsert([like, unlike]);
    const r1 = await e.events.waitFor('message.reaction', (d) => d.messageId === 'OURS1');
    assert.deepEqual(r1, { messageId: 'OURS1', chatId: peer, from: peer, emoji: '❤️', fromMe: false, targetFromMe: true, timestamp: 1_760_000_123 });
    const r2 = await e.events.waitFor('message.reaction', (d) => d.messageId === 'THEIRS1');
    assert.deepEqual([r2.emoji, r2.from, r2.chatId, r2.targetFromMe, r2.timestamp], ['', '4917644444444@s.whatsapp.net', group, false, 1_760_000_000]);
    assert.equal(e.events.of('message.received').length, 0);
  });

  it('edits (wrapped and plain) and deletes for everyone', async () => {
    const e = await engine();
    const edit = msg({
      editedMessage: {
        message: {
          protocolMessage: {
            key: { remoteJid: peer, id: 'ORIG1', fromMe: false },
            type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
            editedMessage: { conversation: 'fixed typo' },
            timestampMs: 1_760_000_500_000,
          },
        },
      },
    });
    const captionEdit = msg(
      { protocolMessage: { key: { remoteJid: group, id: 'ORIG2' }, type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT, editedMessage: { imageMessage: { caption: 'new caption' } } } },
      { chat: group, participant: author },
    );
    const revoke = msg({ protocolMessage: { key: { remoteJid: peer, id: 'ORIG3', fromMe: false }, type: proto.Message.ProtocolMessage.Type.REVOKE } });
    const mine = msg({ protocolMessage: { key: { remoteJid: peer, id: 'ORIG4', fromMe: true }, type: proto.Message.ProtocolMessage.Type.REVOKE } }, { fromMe: true });
    e.upsert([edit, captionEdit, revoke, mine]);
    assert.deepEqual(await e.events.waitFor('message.edited', (d) => d.messageId === 'ORIG1'), { messageId: 'ORIG1', chatId: peer, from: peer, body: 'fixed typo', timestamp: 1_760_000_500 });
    const e2 = await e.events.waitFor('message.edited', (d) => d.messageId === 'ORIG2');
    assert.deepEqual([e2.body, e2.from, e2.chatId], ['new caption', author, group]);
    assert.deepEqual(await e.events.waitFor('message.revoked', (d) => d.messageId === 'ORIG3'), { messageId: 'ORIG3', chatId: peer, from: peer, timestamp: 1_760_000_000 });
    const r4 = await e.events.waitFor('message.revoked', (d) => d.messageId === 'ORIG4');
    assert.equal(r4.from, ME_JID, 'deleted from our own phone');
    assert.equal(e.events.of('message.received').length, 0);
  });

  it('poll votes decrypt with Baileys, also after a restart (stored secret), for polls we sent and received', async () => {
    const polls = makeMemoryPollStore();
    const first = await engine({ shared: { polls } });
    const cid = uid('c');
    await first.run('message.send', { clientMessageId: cid, to: group, content: { kind: 'poll', name: 'When?', options: ['Mon', 'Tue', 'Wed'], selectableCount: 0 } });
    await first.events.waitFor('message.sent', (d) => d.clientMessageId === cid);
    const pollId = messageIdFor(first.sessionId, cid);
    const secret = Buffer.from((await polls.get(first.sessionId, pollId))?.secret ?? '', 'base64');
    await first.stop();

    // A new engine process for the same session: nothing in memory but the poll store.
    const e = await engine({ shared: { polls }, sessionId: first.sessionId });
    const vote = (voterJid: string, options: string[], key: { participant?: string; participantAlt?: string }) =>
      msg(
        {
          pollUpdateMessage: {
            pollCreationMessageKey: { remoteJid: group, id: pollId, fromMe: true },
            vote: encryptPollVote(options, { pollCreatorJid: ME_JID, pollMsgId: pollId, pollEncKey: secret, voterJid }),
            senderTimestampMs: 1_760_000_900_000,
          },
        },
        { chat: group, ...key },
      );
    e.upsert([vote(author, ['Tue', 'Wed'], { participant: author })]);
    const v1 = await e.events.waitFor('poll.vote', (d) => d.voter === author);
    assert.deepEqual(v1, { pollId, chatId: group, voter: author, selectedOptions: ['Tue', 'Wed'], timestamp: 1_760_000_900 });
    // A voter addressed by LID whose client encrypted to its LID.
    const lidVoter = '233333333333333@lid';
    e.upsert([vote(lidVoter, ['Mon'], { participant: lidVoter, participantAlt: '4917655555555@s.whatsapp.net' })]);
    const v2 = await e.events.waitFor('poll.vote', (d) => d.voter === '4917655555555@s.whatsapp.net');
    assert.deepEqual(v2.selectedOptions, ['Mon']);
    // A vote retracted: no options.
    e.upsert([vote(author, [], { participant: author })]);
    await e.events.waitFor('poll.vote', (d) => d.voter === author && d.selectedOptions.length === 0 && !d.error);

    // A poll someone else created, seen by this engine.
    const theirSecret = randomBytes(32);
    const theirs = msg({ pollCreationMessage: { name: 'Pick', options: [{ optionName: 'A' }, { optionName: 'B' }], selectableOptionsCount: 2 }, messageContextInfo: { messageSecret: theirSecret } });
    e.upsert([theirs]);
    await received(e, theirs.key.id!);
    e.upsert([
      msg({
        pollUpdateMessage: {
          pollCreationMessageKey: { remoteJid: peer, id: theirs.key.id, fromMe: false },
          vote: encryptPollVote(['B'], { pollCreatorJid: peer, pollMsgId: theirs.key.id!, pollEncKey: theirSecret, voterJid: peer }),
        },
      }),
    ]);
    const v3 = await e.events.waitFor('poll.vote', (d) => d.pollId === theirs.key.id);
    assert.deepEqual([v3.voter, v3.selectedOptions], [peer, ['B']]);
  });

  it('a vote on a poll this engine never saw is reported as undecryptable', async () => {
    const e = await engine();
    e.upsert([msg({ pollUpdateMessage: { pollCreationMessageKey: { remoteJid: peer, id: 'OLDPOLL', fromMe: true }, vote: { encPayload: randomBytes(40), encIv: randomBytes(12) } } })]);
    const v = await e.events.waitFor('poll.vote', (d) => d.pollId === 'OLDPOLL');
    assert.deepEqual([v.error, v.selectedOptions], ['undecryptable', []]);
    assert.match(v.detail ?? '', /unknown/);
  });

  it("history ('append') is not news, but a poll in it is remembered; status posts and signalling are ignored", async () => {
    const e = await engine();
    const secret = randomBytes(32);
    const old = msg({ pollCreationMessageV3: { name: 'Old', options: [{ optionName: 'x' }, { optionName: 'y' }] }, messageContextInfo: { messageSecret: secret } }, { fromMe: true });
    e.upsert([old, msg({ conversation: 'old text' })], 'append');
    await waitUntil(() => e.polls.rows.size === 1, { what: 'poll from history stored', timeoutMs: 2000 });
    assert.deepEqual((await e.polls.get(e.sessionId, old.key.id!))?.creators, [ME_JID, ME.lid.replace(':3', '')]);
    const marker = msg({ conversation: 'after' });
    e.upsert([
      msg({ conversation: 'story' }, { chat: 'status@broadcast', participant: peer }),
      msg({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION, key: { id: 'x' } } }),
      msg({ senderKeyDistributionMessage: { groupId: group } }),
      marker,
    ]);
    await received(e, marker.key.id!);
    assert.deepEqual(e.events.of('message.received').map((d) => d.message.body), ['after']);
  });

  it('one chat is reported in order (a text waits for the photo before it); other chats do not wait', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const e = await engine({
      overrides: {
        downloadMedia: async () => {
          await gate;
          return Readable.from([Buffer.from('photo')]);
        },
      },
    });
    const photo = msg({ imageMessage: { mimetype: 'image/jpeg' } });
    const text = msg({ conversation: 'did you see it?' });
    const elsewhere = msg({ conversation: 'other chat' }, { chat: '4917699999999@s.whatsapp.net' });
    e.upsert([photo, text, elsewhere]);
    await received(e, elsewhere.key.id!);
    assert.equal(e.events.of('message.received').length, 1, 'the text waits behind the photo');
    release();
    await received(e, text.key.id!);
    const order = e.events.of('message.received').map((d) => d.message.id);
    assert.deepEqual(order, [elsewhere.key.id, photo.key.id, text.key.id]);
  });
});
