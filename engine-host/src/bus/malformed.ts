import type { Envelope } from './envelope.js';
import type { EventSink } from './events.js';
import { isGroupCommandType } from './group-commands.js';

// A command that can never be valid still gets its answer when its caller is
// waiting for one (it carries a requestId or clientMessageId), so nothing on
// the functions side waits for a timeout to learn that. It is dead-lettered too.

const text = (data: Record<string, unknown>, field: string): string | undefined => {
  const v = data[field];
  return typeof v === 'string' && v ? v : undefined;
};

/** Publishes the failure answer a malformed command's caller expects; false when nobody waits for one. */
export async function answerMalformed(events: EventSink, envelope: Envelope, reason: string): Promise<boolean> {
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  const { type, sessionId } = envelope;
  const requestId = text(data, 'requestId');
  if ((isGroupCommandType(type) || type === 'chat.read') && requestId) {
    await events.publish(sessionId, 'command.result', { requestId, command: type, ok: false, error: 'invalid_request', detail: reason });
    return true;
  }
  if (type === 'contacts.check' && requestId) {
    await events.publish(sessionId, 'contacts.check.result', { requestId, results: [], error: 'invalid_request' });
    return true;
  }
  const clientMessageId = text(data, 'clientMessageId');
  if (type === 'message.send' && clientMessageId) {
    await events.publish(sessionId, 'message.failed', { clientMessageId, error: 'invalid_request', retryable: false, detail: reason });
    return true;
  }
  return false;
}
