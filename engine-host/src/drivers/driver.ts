import type { Readable } from 'node:stream';
import type { AuthenticationState, BaileysEventEmitter, WAMessage, WASocket } from '@whiskeysockets/baileys';
import type { SimCommand } from '../bus/sim-commands.js';
import type { EngineKind } from '../config.js';
import type { Log } from '../log.js';

// A driver opens WhatsApp connections. Both drivers hand back the same narrow
// socket shape, a subset of Baileys' own socket reporting on Baileys' own event
// emitter, so everything above them (status, reconnect policy, inbound
// mapping, receipts, sends) is one code path whichever engine is configured.

export type EngineSocket = Pick<
  WASocket,
  | 'end' | 'logout' | 'requestPairingCode' | 'sendMessage' | 'sendPresenceUpdate' | 'onWhatsApp' | 'readMessages'
  | 'groupMetadata' | 'groupCreate' | 'groupUpdateSubject' | 'groupUpdateDescription' | 'groupParticipantsUpdate'
  | 'groupInviteCode' | 'groupLeave' | 'groupFetchAllParticipating'
> & {
  ev: BaileysEventEmitter;
  /** the decrypted bytes of an inbound media message (Baileys: downloadMediaMessage with re-upload) */
  downloadMedia(msg: WAMessage, signal?: AbortSignal): Promise<Readable>;
};

export type SocketContext = {
  sessionId: string;
  /** the session's auth state; creds is the live object the session persists on creds.update */
  auth: AuthenticationState;
  log: Log;
};

export type { SimCommand };

export type Driver = {
  readonly kind: EngineKind;
  /** one connection attempt; progress and the eventual close arrive on `socket.ev` */
  openSocket(ctx: SocketContext): EngineSocket;
  /** how long the index-th QR of one connection stays valid */
  qrLifetimeMs(index: number): number;
  /** simulator-only commands (absent on real drivers); `commandId` makes replays deterministic */
  simulate?(sessionId: string, command: SimCommand, commandId: string): Promise<void>;
  close(): Promise<void>;
};

/** A send that did not happen, with whether retrying later can help. */
export class SendError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message?: string,
  ) {
    super(message ?? code);
  }
}

/** Baileys closes with a Boom error whose output.statusCode is the DisconnectReason. */
export function disconnectCode(err: unknown): number | undefined {
  const e = err as { output?: { statusCode?: unknown }; statusCode?: unknown } | null | undefined;
  const code = e?.output?.statusCode ?? e?.statusCode;
  return typeof code === 'number' ? code : undefined;
}
