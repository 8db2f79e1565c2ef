import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { makeBaileysDriver } from '../src/drivers/baileys/index.js';
import type { Driver } from '../src/drivers/driver.js';
import { makeMemoryAuthStore } from '../src/auth-state/memory-auth-state.js';
import { makeReconnectPolicy } from '../src/reconnect-policy.js';
import { makeMemoryRegistry } from '../src/sessions/registry.js';
import { makeSession } from '../src/sessions/session.js';
import { makeLog } from '../src/log.js';
import { freePort } from './helpers/azurite.js';
import { makeRecorder, messagingDeps } from './helpers/fakes.js';
import { uid } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

// The real Baileys socket against a loopback server passed as waWebSocketUrl:
// connections that are closed, hung or refused are retried with backoff, and
// stopping the session leaves no socket or timer behind.

const connectTimeoutMs = 250;
const baseMs = 40;

function counting(inner: Driver): Driver & { opens: number[] } {
  const opens: number[] = [];
  return { ...inner, opens, openSocket: (ctx) => (opens.push(performance.now()), inner.openSocket(ctx)) };
}

const resources = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
};

async function runAgainst(url: string, attempts: number) {
  const baseline = resources();
  const driver = counting(makeBaileysDriver({ waWebSocketUrl: url, connectTimeoutMs, logLevel: 'silent' }));
  const events = makeRecorder();
  const sessionId = uid('n');
  const session = makeSession({
    sessionId, driver, events,
    auth: makeMemoryAuthStore(),
    registry: makeMemoryRegistry(),
    policy: makeReconnectPolicy({ baseMs, maxMs: 160, random: () => 0.5 }),
    log: makeLog('silent'),
    ...messagingDeps(),
  });
  await session.start();
  await waitUntil(() => driver.opens.length >= attempts, { what: `${attempts} connection attempts`, timeoutMs: 15_000, intervalMs: 5 });
  await session.stop();
  const codes = events.statuses(sessionId).flatMap((s) => (s.code ? [s.code] : []));
  return { driver, events, sessionId, codes, baseline };
}

/** Backoff: 3/4 of 40, 80, 160, 160 ms between attempts (plus each attempt's own duration). */
function assertBackoff(opens: number[]): void {
  const gaps = opens.slice(1).map((t, i) => t - (opens[i] ?? 0));
  [30, 60, 120].forEach((min, i) => assert.ok((gaps[i] ?? 0) >= min - 1, `gap ${i} was ${gaps[i]?.toFixed(1)} ms, expected >= ${min}`));
}

/** After stop: every socket and timer the attempts created is gone again. */
async function assertNoLeaks(baseline: Record<string, number>, serverSide: () => number): Promise<void> {
  await waitUntil(() => serverSide() === 0, { what: 'the server to see every connection closed', timeoutMs: 5000 });
  await waitUntil(
    () => {
      const now = resources();
      return ['TCPSocketWrap', 'Timeout', 'TCPWRAP'].every((k) => (now[k] ?? 0) <= (baseline[k] ?? 0)) || undefined;
    },
    { what: `sockets and timers back to baseline ${JSON.stringify(baseline)} (now ${JSON.stringify(resources())})`, timeoutMs: 5000 },
  );
}

async function listen(server: Server | WebSocketServer): Promise<number> {
  const port = await freePort();
  await new Promise<void>((resolve) => (server instanceof WebSocketServer ? server.once('listening', resolve) : server.listen(port, '127.0.0.1', resolve)));
  return port;
}

describe('transport faults through a loopback WebSocket server', () => {
  it('closed: the server accepts and drops each connection → backoff retries, no leaks', async (t) => {
    const port = await freePort();
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise((r) => wss.once('listening', r));
    t.after(() => new Promise((r) => wss.close(r)));
    let accepted = 0;
    wss.on('connection', (ws) => {
      accepted++;
      ws.close();
    });
    const { driver, codes, baseline } = await runAgainst(`ws://127.0.0.1:${port}/ws/chat`, 4);
    assert.ok(accepted >= 3, 'the server saw the retries');
    assert.ok(codes.includes(428), `closed connections report connectionClosed (got ${codes})`);
    assertBackoff(driver.opens);
    await assertNoLeaks(baseline, () => wss.clients.size);
  });

  it('hung: the server upgrades and then says nothing → timed out (408), retried, no leaks', async (t) => {
    const port = await freePort();
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise((r) => wss.once('listening', r));
    t.after(() => new Promise((r) => wss.close(r)));
    const { driver, codes, baseline } = await runAgainst(`ws://127.0.0.1:${port}/ws/chat`, 3);
    assert.ok(codes.includes(408), `hung connections time out as 408 (got ${codes})`);
    const gaps = driver.opens.slice(1).map((t, i) => t - (driver.opens[i] ?? 0));
    assert.ok(gaps.every((g) => g >= connectTimeoutMs), 'each attempt waited for the connect timeout');
    await assertNoLeaks(baseline, () => wss.clients.size);
  });

  it('hung: a TCP server that never answers the upgrade → handshake timeout, retried, no leaks', async (t) => {
    const open = new Set<Socket>();
    const server = createServer((sock) => {
      open.add(sock);
      sock.resume(); // read (and discard) the upgrade request, so the client's close is noticed
      sock.on('close', () => open.delete(sock));
    });
    const port = await listen(server);
    t.after(() => new Promise((r) => server.close(r)));
    const { driver, codes, baseline } = await runAgainst(`ws://127.0.0.1:${port}/ws/chat`, 4);
    assert.ok(codes.length > 0 && codes.every((c) => c === 408), `handshake timeouts report 408 (got ${codes})`);
    assertBackoff(driver.opens);
    await assertNoLeaks(baseline, () => open.size);
  });

  it('refused: nothing listens → retried with backoff, no leaks', async () => {
    const port = await freePort();
    const { driver, codes, baseline } = await runAgainst(`ws://127.0.0.1:${port}/ws/chat`, 4);
    assert.ok(codes.length > 0, 'the refusals were reported');
    assertBackoff(driver.opens);
    await assertNoLeaks(baseline, () => 0);
  });
});
