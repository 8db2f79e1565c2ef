import { createHash, randomBytes } from 'node:crypto';
import { aesEncryptGCM, hmacSign, proto } from '@whiskeysockets/baileys';

// A voter's phone, as far as polls go: it encrypts its choice with the poll's
// secret exactly as WhatsApp clients do (the inverse of Baileys'
// decryptPollVote), so the engine reads simulated votes with the real code.

/** A poll the simulator knows the secret of: one the engine sent, or one it made up for sim.inbound. */
export type SimPoll = { chatId: string; fromMe: boolean; creatorJid: string; options: string[]; secret: Uint8Array };

export function encryptPollVote(
  optionNames: string[],
  ctx: { pollCreatorJid: string; pollMsgId: string; pollEncKey: Uint8Array; voterJid: string },
): proto.Message.IPollEncValue {
  const selectedOptions = optionNames.map((name) => createHash('sha256').update(Buffer.from(name, 'utf8')).digest());
  const sign = Buffer.concat([
    Buffer.from(ctx.pollMsgId),
    Buffer.from(ctx.pollCreatorJid),
    Buffer.from(ctx.voterJid),
    Buffer.from('Poll Vote'),
    new Uint8Array([1]),
  ]);
  const key0 = hmacSign(ctx.pollEncKey, new Uint8Array(32), 'sha256');
  const encKey = hmacSign(sign, key0, 'sha256');
  const iv = randomBytes(12);
  const aad = Buffer.from(`${ctx.pollMsgId}\u0000${ctx.voterJid}`);
  const plaintext = proto.Message.PollVoteMessage.encode({ selectedOptions }).finish();
  return { encPayload: aesEncryptGCM(plaintext, encKey, iv, aad), encIv: iv };
}
