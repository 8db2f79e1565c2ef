import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait.js';
import { track } from './children.js';

// Real engine-host processes (dist/src/index.js) side by side on one storage,
// as run.sh or Container Apps start them, and what their logs say: when each
// took and let go of each session's lease, and what the simulator sent.

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/index.js');

/** A fresh process loads Baileys and three storage SDKs: over 20 s on a 2-core machine under heavy load. */
export const startBudgetMs = 60_000;

export type LogLine = { at: number; level: string; msg: string; fields: Record<string, string> };

export function parseLine(line: string): LogLine | undefined {
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (\w+)\s+(.*)$/.exec(line);
  if (!m) return undefined;
  const rest = m[3] ?? '';
  const firstField = rest.search(/ [A-Za-z][\w]*=/);
  const msg = firstField < 0 ? rest : rest.slice(0, firstField);
  const fields: Record<string, string> = {};
  const tail = firstField < 0 ? '' : rest.slice(firstField);
  for (const f of tail.matchAll(/ ([A-Za-z]\w*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = f[2] ?? '';
    fields[f[1] ?? ''] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return { at: Date.parse(m[1] ?? ''), level: m[2] ?? '', msg, fields };
}

export type Replica = {
  id: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** when the test killed it with SIGKILL (its sockets died with it) */
  killedAt?: number;
  output(): string;
  lines(): LogLine[];
  ready(): Promise<void>;
  kill9(): Promise<void>;
  /** SIGTERM, and the exit code */
  stop(): Promise<number | null>;
};

export function launchReplica(env: Record<string, string>, id: string, cleanups: (() => Promise<void>)[]): Replica {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env, WA_SETTINGS_FILE: '/nonexistent', WA_LOG_LEVEL: process.env['REPLICA_LOG_LEVEL'] ?? 'info', WA_ENGINE_REPLICA_ID: id },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let out = '';
  const parsed: LogLine[] = [];
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const text = d.toString();
    out += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      const p = parseLine(l);
      if (p) parsed.push(p);
    }
  });
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const replica: Replica = {
    id,
    child,
    exited,
    output: () => out,
    lines: () => parsed,
    async ready() {
      await waitUntil(
        () => {
          if (child.exitCode !== null) throw new Error(`replica ${id} exited: ${out}`);
          return out.includes('engine-host ready');
        },
        { timeoutMs: startBudgetMs, what: `replica ${id} to start`, intervalMs: 50 },
      );
    },
    async kill9() {
      replica.killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return replica;
}

export type Interval = { sessionId: string; replica: string; process: number; from: number; to: number; how: string };

/**
 * Each replica process's ownership of each session, from its log: from "lease acquired" (logged after
 * the lease was taken, before the socket opens) to "lease released" (logged after the socket closed,
 * before the lease is let go), or to the kill for a process killed while owning, or open-ended.
 */
export function ownershipIntervals(replicas: Replica[]): Interval[] {
  const out: Interval[] = [];
  replicas.forEach((r, process) => {
    const open = new Map<string, number>();
    for (const l of r.lines()) {
      const sessionId = l.fields['sessionId'];
      if (!sessionId) continue;
      if (l.msg === 'lease acquired') open.set(sessionId, l.at);
      if (l.msg === 'lease released') {
        const from = open.get(sessionId);
        if (from !== undefined) out.push({ sessionId, replica: r.id, process, from, to: l.at, how: l.fields['reason'] ?? '' });
        open.delete(sessionId);
      }
    }
    for (const [sessionId, from] of open) {
      out.push({ sessionId, replica: r.id, process, from, to: r.killedAt ?? Number.POSITIVE_INFINITY, how: r.killedAt ? 'killed' : 'open' });
    }
  });
  return out;
}

/** Pairs of intervals of one session that overlap by more than `allowMs`, and the smallest gap seen between owners. */
export function overlaps(intervals: Interval[], allowMs = 0): { bad: [Interval, Interval][]; minGapMs: number } {
  const bySession = new Map<string, Interval[]>();
  for (const i of intervals) bySession.set(i.sessionId, [...(bySession.get(i.sessionId) ?? []), i]);
  const bad: [Interval, Interval][] = [];
  let minGapMs = Number.POSITIVE_INFINITY;
  for (const list of bySession.values()) {
    list.sort((a, b) => a.from - b.from);
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1]!;
      const next = list[k]!;
      const gap = next.from - prev.to;
      minGapMs = Math.min(minGapMs, gap);
      if (gap < -allowMs) bad.push([prev, next]);
    }
  }
  return { bad, minGapMs };
}

/** What the simulator sent, per WhatsApp message id, across all processes. */
export function simulatorSends(replicas: Replica[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of replicas) {
    for (const l of r.lines()) {
      const id = l.fields['messageId'];
      if (l.msg === 'simulator sent' && id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/** Sessions each live process owns now, by its log. */
export function ownedBy(replicas: Replica[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const i of ownershipIntervals(replicas)) if (i.to === Number.POSITIVE_INFINITY) owner.set(i.sessionId, i.replica);
  return owner;
}
