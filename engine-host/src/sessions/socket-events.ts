import type { EventSink } from '../bus/events.js';
import type { EngineSocket } from '../drivers/driver.js';
import { statusFromReceipt, statusFromUpdate, toReceivedMessage } from './inbound.js';

// Socket traffic that becomes bus events without touching session state:
// inbound messages, delivery receipts, and account warnings.

export function bindSocketEvents(
  sock: EngineSocket,
  ctx: {
    sessionId: string;
    events: EventSink;
    current: () => boolean;
    meId: () => string | undefined;
    report: (p: Promise<unknown>, what: string) => void;
  },
): void {
  const { sessionId, events, current, report } = ctx;
  sock.ev.on('connection.update', (u) => {
    const lock = u.reachoutTimeLock;
    if (!current() || !lock?.isActive) return;
    const ends = lock.timeEnforcementEnds;
    const until = ends ? Math.floor(ends.getTime() / 1000) : undefined;
    const detail = 'WhatsApp restricts messages to new contacts' + (ends ? ` until ${ends.toISOString()}` : '');
    report(events.publish(sessionId, 'session.warning', { kind: 'reachout_timelock', detail, ...(until ? { until } : {}) }), 'publishing warning');
  });
  sock.ev.on('messages.upsert', ({ messages, type }) => {
    // 'append' is history and our own sends echoed back; only 'notify' is news.
    if (!current() || type !== 'notify') return;
    for (const msg of messages) {
      const message = toReceivedMessage(msg, ctx.meId());
      if (message) report(events.publish(sessionId, 'message.received', { message }), 'publishing message');
    }
  });
  sock.ev.on('messages.update', (updates) => {
    if (!current()) return;
    for (const u of updates) {
      const status = statusFromUpdate(u);
      if (status) report(events.publish(sessionId, 'message.status', status), 'publishing status');
    }
  });
  sock.ev.on('message-receipt.update', (receipts) => {
    if (!current()) return;
    for (const r of receipts) {
      const status = statusFromReceipt(r);
      if (status) report(events.publish(sessionId, 'message.status', status), 'publishing receipt');
    }
  });
}
