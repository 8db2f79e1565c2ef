// Events engine-host publishes on engine-events. Timestamps are unix seconds.

export type SessionStatus = 'starting' | 'qr' | 'connecting' | 'ready' | 'disconnected' | 'logged_out' | 'failed';

export type Me = { id: string; phone: string; name?: string };

export type MessageType =
  | 'text' | 'image' | 'video' | 'audio' | 'document' | 'sticker'
  | 'location' | 'contact' | 'poll' | 'unknown';

/** What the message says about its file, before or without the bytes. */
type MediaMeta = {
  mimetype?: string;
  fileName?: string;
  /** v1 name of fileName, kept as an alias */
  filename?: string;
  caption?: string;
  /** audio: a voice note */
  ptt?: boolean;
};

/** Inbound media: stored in the media container, or why not. Never dropped silently. */
export type ReceivedMedia =
  | (MediaMeta & { blob: string; mimetype: string; size: number; sha256: string })
  | (MediaMeta & { error: 'download_failed'; detail: string; size?: number });

export type ReceivedContact = { fullName: string; phoneNumber?: string; organization?: string; vcard: string };

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
  /** alias of replyTo.id (v1) */
  quotedId?: string;
  replyTo?: { id: string; participant?: string };
  mentions: string[];
  viewOnce: boolean;
  media?: ReceivedMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contact?: ReceivedContact;
  /** every card when several were shared at once (contact is the first) */
  contacts?: ReceivedContact[];
  poll?: { name: string; options: string[]; selectableCount: number };
};

export type DeliveryStatus = 'delivered' | 'read' | 'played' | 'failed';

export type GroupParticipantInfo = { jid: string; admin: 'admin' | 'superadmin' | null; lid?: string };

export type GroupInfo = {
  id: string;
  subject: string;
  description?: string;
  owner?: string;
  createdAt?: number;
  participants: GroupParticipantInfo[];
  announce?: boolean;
  restrict?: boolean;
  size?: number;
};

export type ParticipantOutcome = { jid: string; status: string };

/** command.result `result`, by command. */
export type CommandResultBody =
  | { groups: GroupInfo[] }
  | { group: GroupInfo }
  | { groupId: string; participants: ParticipantOutcome[] }
  | { groupId: string; link: string; code: string }
  | { groupId: string }
  | { chatId: string; read: number };

export type CommandResult = {
  requestId: string;
  command: string;
  ok: boolean;
  result?: CommandResultBody;
  error?: string;
  detail?: string;
  duplicate?: boolean;
};

export type EventMap = {
  'session.status': { status: SessionStatus; reason?: string; code?: number; me?: Me };
  'session.qr': { qr: string; expiresAt: number };
  'session.pairing_code': { code: string; expiresAt: number };
  'session.warning': { kind: string; detail: string; until?: number };
  'message.received': { message: ReceivedMessage };
  'message.sent': { clientMessageId: string; messageId: string; to: string; timestamp: number; duplicate?: boolean };
  'message.failed': { clientMessageId: string; error: string; retryable: boolean; detail?: string; duplicate?: boolean };
  'message.status': { messageId: string; chatId: string; status: DeliveryStatus; participant?: string; timestamp: number };
  'message.reaction': { messageId: string; chatId: string; from: string; emoji: string; fromMe: boolean; targetFromMe: boolean; timestamp: number };
  'message.edited': { messageId: string; chatId: string; from: string; body: string; timestamp: number };
  'message.revoked': { messageId: string; chatId: string; from: string; timestamp: number };
  'poll.vote': { pollId: string; chatId: string; voter: string; selectedOptions: string[]; timestamp: number; error?: 'undecryptable'; detail?: string };
  'contacts.check.result': { requestId: string; results: { number: string; exists: boolean; jid?: string }[]; error?: string };
  'command.result': CommandResult;
  'group.joined': { group: GroupInfo };
  'group.updated': { group: GroupInfo };
  'group.participants': { groupId: string; action: 'add' | 'remove' | 'promote' | 'demote' | 'modify'; participants: string[]; by?: string };
};

export type EventType = keyof EventMap;

/** Where sessions report what happened; the bus publisher implements it, tests use a recorder. */
export type EventSink = {
  publish<T extends EventType>(sessionId: string, type: T, data: EventMap[T]): Promise<void>;
};
