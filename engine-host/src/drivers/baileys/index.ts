import { Browsers, makeCacheableSignalKeyStore, makeWASocket } from '@whiskeysockets/baileys';
import type { Config } from '../../config.js';
import type { Driver, EngineSocket } from '../driver.js';
import { toBaileysLogger } from '../baileys-logger.js';
import { makeKeyCache } from './key-cache.js';
import { makeBaileysDownloader } from './media-download.js';

// The real thing (WA_ENGINE=baileys): one Baileys socket per connection attempt.
// Everything around it (reconnects, events, sends) lives in sessions/.

export function makeBaileysDriver(config: Config['baileys']): Driver {
  return {
    kind: 'baileys',
    openSocket(ctx): EngineSocket {
      const logger = toBaileysLogger(ctx.log, config.logLevel);
      const sock = makeWASocket({
        auth: { creds: ctx.auth.creds, keys: makeCacheableSignalKeyStore(ctx.auth.keys, logger, makeKeyCache()) },
        logger,
        browser: Browsers.ubuntu('WaFunctions'),
        connectTimeoutMs: config.connectTimeoutMs,
        // Stay "offline" so the phone keeps getting notifications; we only relay messages.
        markOnlineOnConnect: false,
        syncFullHistory: false,
        ...(config.waWebSocketUrl ? { waWebSocketUrl: config.waWebSocketUrl } : {}),
        ...(config.version ? { version: config.version } : {}),
      });
      return Object.assign(sock, { downloadMedia: makeBaileysDownloader(sock) });
    },
    // Baileys shows the first QR of a connection for 60 s and each later one for 20 s.
    qrLifetimeMs: (index) => (index === 0 ? 60_000 : 20_000),
    async close() {},
  };
}
