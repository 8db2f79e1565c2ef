import assert from 'node:assert/strict';
import type { TestBus } from './bus.js';
import { uid } from './app.js';

// Common steps: a linked simulated session, ready to send and receive.

export async function linkSession(bus: TestBus, opts: { phone?: string; name?: string } = {}): Promise<{ sessionId: string; phone: string }> {
  const sessionId = uid('n');
  await bus.send('session.start', sessionId);
  await bus.waitFor(sessionId, 'session.qr');
  const phone = opts.phone ?? '49151' + String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  await bus.send('sim.scan', sessionId, { phone, ...(opts.name ? { name: opts.name } : {}) });
  const ready = await bus.status(sessionId, 'ready');
  assert.equal(ready.data.me?.phone, phone);
  return { sessionId, phone };
}

let counter = 0;
export const number = (): string => `4917${String(Date.now() % 1e6).padStart(6, '0')}${String(++counter % 100).padStart(2, '0')}`;
