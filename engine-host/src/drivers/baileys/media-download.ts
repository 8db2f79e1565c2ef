import type { Readable } from 'node:stream';
import { downloadMediaMessage } from '@whiskeysockets/baileys';
import type { SocketConfig, WAMessage, WASocket } from '@whiskeysockets/baileys';

// Inbound media bytes from WhatsApp's CDN, decrypted by Baileys. When the CDN
// has expired the file (404/410), Baileys asks the sender's phone to re-upload
// it (updateMediaMessage) and tries once more.

export function makeBaileysDownloader(sock: Pick<WASocket, 'updateMediaMessage'>, logger: SocketConfig['logger']) {
  return (msg: WAMessage, signal?: AbortSignal): Promise<Readable> =>
    downloadMediaMessage(msg, 'stream', signal ? { options: { signal } } : {}, { logger, reuploadRequest: sock.updateMediaMessage });
}
