import type { Readable } from 'node:stream';
import { downloadMediaMessage } from '@whiskeysockets/baileys';
import type { WAMessage, WASocket } from '@whiskeysockets/baileys';
import { disconnectCode } from '../driver.js';

// Inbound media bytes from WhatsApp's CDN, decrypted by Baileys. When the CDN
// no longer has the file (404/410) the sender's phone is asked to upload it
// again (updateMediaMessage) and the download is tried once more.
// Baileys 7.0.0-rc14 has that retry too but never takes it: it looks for
// `error.status`, while its HTTP errors are Booms carrying output.statusCode.

const reuploadCodes = new Set([404, 410]);

export function makeBaileysDownloader(sock: Pick<WASocket, 'updateMediaMessage'>) {
  return async (msg: WAMessage, signal?: AbortSignal): Promise<Readable> => {
    const options = signal ? { options: { signal } } : {};
    try {
      return await downloadMediaMessage(msg, 'stream', options);
    } catch (err) {
      const code = disconnectCode(err);
      if (code === undefined || !reuploadCodes.has(code)) throw err;
      return downloadMediaMessage(await sock.updateMediaMessage(msg), 'stream', options);
    }
  };
}
