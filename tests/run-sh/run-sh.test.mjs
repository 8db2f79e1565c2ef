// Drives ./run.sh the way a person does, with WA_ENGINE=simulator on free ports and a temporary
// WA_DATA_DIR: waits until it is up, kill -9s an engine-host and sees run.sh start it again (with a
// longer pause the second time), presses Ctrl-C (SIGINT to run.sh's process group, as a terminal
// does) and measures how long the whole stack takes to stop, then checks the data folder's modes.
//
//   node --test tests/run-sh/        (after scripts/install.sh has built everything; ~1 minute)
//
// Every wait is on a condition (a line of output, a process exit) with a deadline; nothing sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPLICAS = 2;
const STOP_BUDGET_MS = 5000;
const START_DEADLINE_MS = 420_000; // run.sh first checks the install and build (~25 s idle), then starts three programs
const linux = existsSync('/proc/self/status');

/** A child's output, line by line, with event-driven waits for lines that satisfy a condition. */
class Output {
  lines = [];
  #waiters = new Set();
  #closed;

  constructor(stream) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      partial += chunk;
      for (let i; (i = partial.indexOf('\n')) >= 0; partial = partial.slice(i + 1)) this.lines.push(partial.slice(0, i));
      this.#settle();
    });
    stream.on('end', () => {
      if (partial) this.lines.push(partial);
      this.close('the output ended');
    });
  }

  /** No more lines will come (or waiting is pointless): waiters still unsatisfied fail with `why`. */
  close(why) {
    this.#closed ??= why;
    this.#settle();
  }

  #settle() {
    for (const check of [...this.#waiters]) check();
  }

  /** Resolves with the first truthy `probe(lines)`; rejects after `timeoutMs` or once the output is closed. */
  until(probe, what, timeoutMs) {
    return new Promise((resolve, reject) => {
      const finish = (fn, value) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        fn(value);
      };
      const check = () => {
        const value = probe(this.lines);
        if (value) finish(resolve, value);
        else if (this.#closed) finish(reject, new Error(`${this.#closed} before ${what}`));
      };
      const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** The first line at or after `from` that matches `re`: { match, index }. */
  line(re, what, timeoutMs, from = 0) {
    return this.until((lines) => {
      for (let i = from; i < lines.length; i++) {
        const match = re.exec(lines[i]);
        if (match) return { match, index: i };
      }
      return undefined;
    }, what, timeoutMs);
  }

  count(re) {
    return this.lines.filter((l) => re.test(l)).length;
  }

  /** Resolves once at least `n` lines match `re`. */
  atLeast(re, n, what, timeoutMs) {
    return this.until(() => this.count(re) >= n, what, timeoutMs);
  }
}

const listen = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    try {
      server.listen(port, '127.0.0.1', () => resolve(server));
    } catch {
      resolve(undefined); // port out of range
    }
  });
const close = (server) => new Promise((resolve) => server.close(() => resolve()));

/** `n` consecutive ports that are free right now (Azurite takes blob, queue, table on base, +1, +2). */
async function freeConsecutivePorts(n) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const held = [await listen(0)];
    const base = held[0].address().port;
    for (let i = 1; i < n; i++) {
      const next = await listen(base + i);
      if (!next) break;
      held.push(next);
    }
    await Promise.all(held.map(close));
    if (held.length === n) return base;
  }
  throw new Error(`no ${n} consecutive free ports`);
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if (err.code === 'ESRCH') return false;
    throw err;
  }
};

const environOf = (pid) => Object.fromEntries(
  readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const umaskOf = (pid) => /^Umask:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

/** Every file and folder under `dir` (itself included) with its permission bits. */
async function modes(dir) {
  const out = [];
  const walk = async (p) => {
    const st = await lstat(p);
    out.push({ path: path.relative(dir, p) || '.', mode: st.mode & 0o777, isFile: st.isFile() });
    if (st.isDirectory()) for (const name of await readdir(p)) await walk(path.join(p, name));
  };
  await walk(dir);
  return out;
}

const started = /^run\.sh: started (.+) \(pid (\d+)\)$/;
const engineReady = /\bINFO\s+engine-host ready\b/;
const engineStopped = /\bINFO\s+engine-host stopped\b/;

test('run.sh restarts a process that dies, stops in dependency order within 5 s, and keeps its data owner-only', { timeout: 900_000 }, async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'run-sh-test-'));
  // An existing data folder as an older run.sh (or a default umask) left it: readable by everyone.
  const dataDir = path.join(tmp, 'data');
  await mkdir(path.join(dataDir, 'azurite', 'older'), { recursive: true });
  await writeFile(path.join(dataDir, 'azurite', 'older', 'left-over.json'), '{}');
  await writeFile(path.join(dataDir, 'admin-key'), 'lw_live_OlderRunKey00000000000000000000\n');
  for (const [p, mode] of [[dataDir, 0o755], [path.join(dataDir, 'azurite'), 0o755], [path.join(dataDir, 'azurite', 'older'), 0o755],
    [path.join(dataDir, 'azurite', 'older', 'left-over.json'), 0o644], [path.join(dataDir, 'admin-key'), 0o644]]) await chmod(p, mode);

  const azuritePort = await freeConsecutivePorts(3);
  let apiPort;
  do apiPort = await freeConsecutivePorts(1); while (apiPort >= azuritePort && apiPort <= azuritePort + 2);

  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WA_') && !k.startsWith('AzureWebJobs')));
  Object.assign(env, {
    WA_ENGINE: 'simulator',
    WA_PORT: String(apiPort),
    WA_AZURITE_PORT: String(azuritePort),
    WA_DATA_DIR: dataDir,
    WA_ENGINE_REPLICAS: String(REPLICAS),
    WA_ADMIN_KEY: 'lw_live_' + 'RunShTest'.padEnd(32, '0'),
    WA_SETTINGS_FILE: path.join(tmp, 'no-local.settings.json'), // a developer's own local.settings.json must not leak in
  });
  // detached: run.sh leads its own process group, so SIGINT to -pid is what Ctrl-C in a terminal sends.
  const runSh = spawn('./run.sh', [], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = new Output(runSh.stdout);
  const stderr = new Output(runSh.stderr);
  let exitedAt;
  const exited = new Promise((resolve) => runSh.once('exit', (code, signal) => {
    exitedAt = performance.now();
    stdout.close('run.sh exited');
    stderr.close('run.sh exited');
    resolve({ code, signal });
  }));
  const streamsClosed = new Promise((resolve) => runSh.once('close', resolve));
  const withDeadline = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.finally(() => clearTimeout(timer));
  })]);

  /** The pid each program has now, from run.sh's "started <name> (pid N)" lines. */
  const pids = () => {
    const latest = {};
    for (const line of stderr.lines) {
      const m = started.exec(line);
      if (m) latest[m[1]] = Number(m[2]);
    }
    return latest;
  };
  const everyPid = () => stderr.lines.map((l) => started.exec(l)).filter(Boolean).map((m) => Number(m[2]));

  let allGone = false;
  t.after(async () => {
    // A failure part-way: stop through run.sh's own path first, then kill whatever of ours is left.
    if (exitedAt === undefined) {
      try { process.kill(-runSh.pid, 'SIGINT'); } catch { /* gone */ }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
      try { process.kill(-runSh.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    // Only a pid that still runs one of our programs: a reaped pid may already belong to someone else.
    const ours = (pid) => linux && /azurite|WaFunctions\.dll|engine-host/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    if (!allGone) for (const pid of everyPid()) try { if (ours(pid)) process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    await rm(tmp, { recursive: true, force: true });
  });

  try {
    // --- up ---
    await stdout.line(/WaFunctions is up/, 'run.sh to report the stack up', START_DEADLINE_MS);
    const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/ready`);
    assert.equal(res.status, 200, 'GET /api/v1/ready');
    await stdout.atLeast(engineReady, REPLICAS, `${REPLICAS} engine-hosts ready`, 60_000);

    const first = pids();
    const names = ['azurite', 'functions', ...Array.from({ length: REPLICAS }, (_, i) => `engine-host replica-${i + 1}`)];
    assert.deepEqual(Object.keys(first).sort(), [...names].sort(), 'run.sh names the programs it started');
    if (linux) {
      for (let i = 1; i <= REPLICAS; i++)
        assert.equal(environOf(first[`engine-host replica-${i}`]).WA_ENGINE_REPLICA_ID, `replica-${i}`, `replica ${i}'s environment`);
      for (const name of names) assert.equal(umaskOf(first[name]), '0077', `${name}'s umask`);
    }

    // --- an engine-host dies: run.sh starts it again, says so, and leaves the rest alone ---
    const killAndAwaitRestart = async (oldPid, expectedDelay, readyCount) => {
      const from = stderr.lines.length;
      process.kill(oldPid, 'SIGKILL');
      const said = await stderr.line(
        /^run\.sh: engine-host replica-1 exited unexpectedly \(killed by SIGKILL\); restarting in (\d+) s$/,
        'run.sh to report the dead engine-host', 30_000, from);
      assert.equal(said.match[1], String(expectedDelay), 'restart delay');
      const again = await stderr.line(/^run\.sh: started engine-host replica-1 \(pid (\d+)\)$/, 'the engine-host to be started again', 60_000, said.index);
      const newPid = Number(again.match[1]);
      assert.notEqual(newPid, oldPid);
      await stdout.atLeast(engineReady, readyCount, 'the restarted engine-host to be ready', 60_000);
      assert.ok(alive(newPid), 'the restarted engine-host is running');
      if (linux) assert.equal(environOf(newPid).WA_ENGINE_REPLICA_ID, 'replica-1');
      return newPid;
    };
    const second = await killAndAwaitRestart(first['engine-host replica-1'], 1, REPLICAS + 1);
    // It died again within a minute of starting: the pause doubles.
    await killAndAwaitRestart(second, 2, REPLICAS + 2);

    const now = pids();
    for (const name of names.filter((n) => n !== 'engine-host replica-1')) {
      assert.equal(now[name], first[name], `${name} was not restarted`);
      assert.ok(alive(now[name]), `${name} is still running`);
    }
    assert.equal(stderr.count(/exited unexpectedly/), 2, 'only the killed engine-host was reported');
    assert.equal((await fetch(`http://127.0.0.1:${apiPort}/api/v1/ready`)).status, 200, 'still ready after the restarts');

    // --- Ctrl-C ---
    const stopFrom = stdout.lines.length;
    const sentAt = performance.now();
    process.kill(-runSh.pid, 'SIGINT');
    const { code, signal } = await withDeadline(exited, 60_000, 'run.sh to exit after SIGINT');
    const stopMs = Math.round(exitedAt - sentAt);
    t.diagnostic(`stop took ${stopMs} ms (run.sh exit code ${code}, signal ${signal})`);
    await withDeadline(streamsClosed, 10_000, 'every program to close run.sh\'s output');
    assert.ok(stopMs < STOP_BUDGET_MS, `Ctrl-C stopped everything in ${stopMs} ms; the budget is ${STOP_BUDGET_MS} ms`);
    for (const [name, pid] of Object.entries(pids())) assert.ok(!alive(pid), `${name} (pid ${pid}) is gone after run.sh exited`);
    allGone = true;

    // Dependency order: the engine-hosts finished (graceful, not killed) and the functions app began
    // shutting down before Azurite closed. All of them write to the same stdout pipe, so its order is
    // the order in which they wrote.
    const after = stdout.lines.slice(stopFrom);
    const azuriteClosing = after.findIndex((l) => /Azurite \w+ service is closing/.test(l));
    assert.ok(azuriteClosing >= 0, 'Azurite was stopped gracefully');
    const stoppedEngines = after.map((l, i) => (engineStopped.test(l) ? i : -1)).filter((i) => i >= 0);
    assert.equal(stoppedEngines.length, REPLICAS, 'every engine-host stopped gracefully');
    assert.ok(Math.max(...stoppedEngines) < azuriteClosing, 'the engine-hosts stopped before Azurite');
    const appStopping = after.findIndex((l) => /Application is shutting down/.test(l));
    assert.ok(appStopping >= 0 && appStopping < azuriteClosing, 'the functions app stopped before Azurite');
    assert.equal(stderr.count(/did not stop/), 0, 'nothing had to be killed');

    // --- the data folder: owner-only, the left-overs fixed and everything Azurite wrote created so ---
    const entries = await modes(dataDir);
    assert.ok(entries.some((e) => e.isFile && e.path.startsWith('azurite') && !e.path.includes('older')), 'Azurite wrote its files');
    const open = entries.filter((e) => e.mode & 0o077).map((e) => `${e.path} ${e.mode.toString(8)}`);
    assert.deepEqual(open, [], 'files and folders others can read, write or enter');
  } catch (err) {
    const tail = (o) => o.lines.slice(-60).join('\n');
    err.message += `\n--- run.sh stderr (tail) ---\n${tail(stderr)}\n--- run.sh stdout (tail) ---\n${tail(stdout)}`;
    throw err;
  }
});
