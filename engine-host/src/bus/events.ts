// Events engine-host publishes on engine-events. Timestamps are unix seconds.

export type SessionStatus = 'starting' | 'qr' | 'connecting' | 'ready' | 'disconnected' | 'logged_out' | 'failed';

export type Me = { id: string; phone: string; name?: string };

export type MessageType =
  | 'text' | 'image' | 'video' | 'audio' | 'document' | 'sticker'
  | 'location' | 'contact' | 'poll' | 'reaction' | 'unknown';

export type ReceivedMessage = {
  id: string;
  chatId: string;
  from: string;
  author?: string;
  pushName?: string;
  fromMe: boolean;
  isGroup: boolean;
  timestamp: number;
  type: MessageType;
  body: string;
  quotedId?: string;
  media?: { mimetype?: string; filename?: string; caption?: string; size?: number };
  location?: { latitude: number; longitude: number; name?: string };
};

export type DeliveryStatus = 'delivered' | 'read' | 'played' | 'failed';

export type EventMap = {
  'session.status': { status: SessionStatus; reason?: string; code?: number; me?: Me };
  'session.qr': { qr: string; expiresAt: number };
  'session.pairing_code': { code: string; expiresAt: number };
  'session.warning': { kind: string; detail: string; until?: number };
  'message.received': { message: ReceivedMessage };
  'message.sent': { clientMessageId: string; messageId: string; to: string; timestamp: number; duplicate?: boolean };
  'message.failed': { clientMessageId: string; error: string; retryable: boolean; detail?: string; duplicate?: boolean };
  'message.status': { messageId: string; chatId: string; status: DeliveryStatus; participant?: string; timestamp: number };
  'contacts.check.result': { requestId: string; results: { number: string; exists: boolean; jid?: string }[]; error?: string };
};

export type EventType = keyof EventMap;

/** Where sessions report what happened; the bus publisher implements it, tests use a recorder. */
export type EventSink = {
  publish<T extends EventType>(sessionId: string, type: T, data: EventMap[T]): Promise<void>;
};
