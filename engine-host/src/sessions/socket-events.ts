import type { EventSink } from '../bus/events.js';
import type { EngineSocket } from '../drivers/driver.js';
import type { GroupTracker } from '../groups/group-events.js';
import type { MeIds } from '../inbound/parse.js';
import type { InboundPipeline } from '../inbound/pipeline.js';
import { statusFromReceipt, statusFromUpdate } from '../inbound/receipts.js';

// Socket traffic that becomes bus events without touching session state:
// inbound messages (and reactions, edits, deletes, votes), delivery receipts,
// group changes, and account warnings.

export function bindSocketEvents(
  sock: EngineSocket,
  ctx: {
    sessionId: string;
    events: EventSink;
    current: () => boolean;
    me: () => MeIds | undefined;
    report: (p: Promise<unknown>, what: string) => void;
    inbound: InboundPipeline;
    groups: GroupTracker;
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
    if (!current()) return;
    for (const msg of messages) ctx.inbound.accept(sock, msg, type, ctx.me());
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
  ctx.groups.bind(sock, current, report);
}
