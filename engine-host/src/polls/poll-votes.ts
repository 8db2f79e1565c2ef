import { createHash } from 'node:crypto';
import { decryptPollVote } from '@whiskeysockets/baileys';
import type { proto } from '@whiskeysockets/baileys';
import type { PollRecord } from './poll-store.js';

// Decrypting a vote with Baileys' decryptPollVote. The key is derived from the
// poll id, the poll author's jid and the voter's jid, and WhatsApp clients may
// have used the phone-number or the LID form of either, so each pairing is
// tried (AES-GCM authenticates, so a wrong one fails rather than lying).
// A vote names options by the SHA-256 of their text.

export const optionHash = (name: string): string => createHash('sha256').update(Buffer.from(name, 'utf8')).digest('hex');

export type DecryptedVote = { selectedOptions: string[] };

export function decryptVote(
  record: PollRecord,
  pollId: string,
  voterIds: string[],
  vote: proto.Message.IPollEncValue,
): DecryptedVote | undefined {
  const pollEncKey = Buffer.from(record.secret, 'base64');
  for (const pollCreatorJid of record.creators) {
    for (const voterJid of voterIds) {
      let decoded: proto.Message.PollVoteMessage;
      try {
        decoded = decryptPollVote(vote, { pollCreatorJid, pollMsgId: pollId, pollEncKey, voterJid });
      } catch {
        continue;
      }
      const byHash = new Map(record.options.map((o) => [optionHash(o), o] as const));
      const selectedOptions = (decoded.selectedOptions ?? [])
        .map((h) => byHash.get(Buffer.from(h).toString('hex')))
        .filter((o): o is string => o !== undefined);
      return { selectedOptions };
    }
  }
  return undefined;
}
