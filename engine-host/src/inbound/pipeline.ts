import type { MessageUpsertType, WAMessage } from '@whiskeysockets/baileys';
import type { EventSink, ReceivedMedia } from '../bus/events.js';
import type { EngineSocket } from '../drivers/driver.js';
import { errorText, type Log } from '../log.js';
import { inboundBlobName } from '../media/blob-names.js';
import type { MediaStore } from '../media/media-store.js';
import type { PollStore } from '../polls/poll-store.js';
import { decryptVote } from '../polls/poll-votes.js';
import { makeInflight, makeKeyedSerializer } from '../util/async.js';
import type { MediaMeta } from './content.js';
import { parseUpsert, type InboundItem, type MeIds } from './parse.js';

// Inbound traffic of one session → bus events. Work runs one item at a time
// per chat, so a text sent right after a photo is not reported before it while
// the photo downloads, and a vote is never decrypted before its poll is stored;
// different chats proceed in parallel. Media bytes go to Blob storage before
// message.received is published; a failed download is reported, not dropped.

export type InboundPipeline = ReturnType<typeof makeInboundPipeline>;

/** Drops query strings from URLs: WhatsApp CDN links carry access tokens. */
export const scrubUrls = (text: string): string => text.replace(/(https?:\/\/[^\s?#]+)[?#]\S*/g, '$1');

export function makeInboundPipeline(deps: {
  sessionId: string;
  events: EventSink;
  media: MediaStore;
  polls: PollStore;
  log: Log;
  downloadTimeoutMs: number;
}) {
  const { sessionId, events, log } = deps;
  const perChat = makeKeyedSerializer();
  const inflight = makeInflight();

  async function fetchMedia(sock: EngineSocket, msg: WAMessage, messageId: string, meta: MediaMeta): Promise<ReceivedMedia> {
    const described = {
      ...(meta.mimetype ? { mimetype: meta.mimetype } : {}),
      ...(meta.fileName ? { fileName: meta.fileName, filename: meta.fileName } : {}),
      ...(meta.caption ? { caption: meta.caption } : {}),
      ...(meta.ptt ? { ptt: true } : {}),
    };
    const mimetype = meta.mimetype ?? 'application/octet-stream';
    const blob = inboundBlobName(sessionId, messageId);
    const signal = AbortSignal.timeout(deps.downloadTimeoutMs);
    try {
      const stream = await sock.downloadMedia(msg, signal);
      const written = await deps.media.write(blob, stream, mimetype, signal);
      return { ...described, blob, mimetype, size: written.size, sha256: written.sha256 };
    } catch (err) {
      const detail = scrubUrls(errorText(err));
      log.warn('inbound media not stored', { messageId, error: detail });
      return { ...described, error: 'download_failed', detail, ...(meta.size !== undefined ? { size: meta.size } : {}) };
    }
  }

  async function process(sock: EngineSocket, msg: WAMessage, item: InboundItem, news: boolean): Promise<void> {
    switch (item.kind) {
      case 'message': {
        const { message } = item;
        if (item.pollSecret && message.poll) {
          // Stored before anything is published: a vote can only be read with it.
          await deps.polls
            .put(sessionId, message.id, {
              chatId: message.chatId,
              name: message.poll.name,
              options: message.poll.options,
              selectableCount: message.poll.selectableCount,
              secret: Buffer.from(item.pollSecret.secret).toString('base64'),
              creators: item.pollSecret.creators,
            })
            .catch((err: unknown) => log.error('storing poll secret failed; its votes will not be readable', { pollId: message.id, error: errorText(err) }));
        }
        if (!news) return;
        const media = item.media ? await fetchMedia(sock, msg, message.id, item.media) : undefined;
        await events.publish(sessionId, 'message.received', { message: media ? { ...message, media } : message });
        return;
      }
      case 'reaction':
        if (news) await events.publish(sessionId, 'message.reaction', item.event);
        return;
      case 'edit':
        if (news) await events.publish(sessionId, 'message.edited', item.event);
        return;
      case 'revoke':
        if (news) await events.publish(sessionId, 'message.revoked', item.event);
        return;
      case 'vote': {
        if (!news) return;
        const base = { pollId: item.pollId, chatId: item.chatId, voter: item.voter, timestamp: item.timestamp };
        const record = await deps.polls.get(sessionId, item.pollId);
        const vote = record ? decryptVote(record, item.pollId, item.voterIds, item.vote) : undefined;
        if (vote) {
          await events.publish(sessionId, 'poll.vote', { ...base, selectedOptions: vote.selectedOptions });
        } else {
          const detail = record ? 'the vote does not decrypt with the stored poll secret' : 'the poll is unknown to this engine (created before it saw the poll)';
          log.warn('poll vote not readable', { pollId: item.pollId, reason: record ? 'decrypt' : 'unknown_poll' });
          await events.publish(sessionId, 'poll.vote', { ...base, selectedOptions: [], error: 'undecryptable', detail });
        }
        return;
      }
    }
  }

  return {
    /** takes one upserted message; returns at once, the work runs in the background */
    accept(sock: EngineSocket, msg: WAMessage, type: MessageUpsertType, me: MeIds | undefined): void {
      let item: InboundItem | undefined;
      try {
        item = parseUpsert(msg, me);
      } catch (err) {
        log.warn('inbound message not understood', { messageId: msg.key.id ?? undefined, error: errorText(err) });
        return;
      }
      if (!item) return;
      const it = item;
      // 'append' is history and our own sends echoed back: only poll secrets are kept from it.
      const news = type === 'notify';
      if (!news && !(it.kind === 'message' && it.pollSecret)) return;
      const work = perChat.run(it.chatId, () => process(sock, msg, it, news));
      inflight.track(work.catch((err: unknown) => log.error('inbound message not reported', { messageId: msg.key.id ?? undefined, kind: it.kind, error: errorText(err) })));
    },
    /** resolves when everything accepted so far is done (shutdown waits for it) */
    idle: (): Promise<void> => inflight.drain(),
  };
}
