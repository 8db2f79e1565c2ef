// The real stack for the dashboard's browser tests, one per test file, on free ports: Azurite, the functions app
// (built Release output, WA_ENGINE=simulator) and the engine-host; plus headless Chromium from Debian driven by
// playwright-core, screenshots per step, and condition waits (never sleeps as synchronisation).
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomInt } from 'node:crypto';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = '/usr/bin/chromium';
/** Why the browser tests cannot run here, or null. */
export const skipReason = existsSync(chromiumPath) ? null : `${chromiumPath} is missing (scripts/install.sh installs it when run as root)`;
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const accepts = (port) =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => (s.destroy(), resolve(false)));
  });

/** Polls `probe` until it returns something truthy; throws naming `what` after `timeoutMs`. */
export async function waitFor(probe, { timeoutMs = 45_000, intervalMs = 50, what }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function start(name, command, args, { env, cwd } = {}) {
  const child = spawn(command, args, { cwd: cwd ?? root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  exited.then(() => (done = true));
  return {
    name,
    child,
    get output() {
      return output;
    },
    get exited() {
      return done;
    },
    async stop() {
      if (done) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export const newKey = () => {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let k = 'lw_live_';
  for (let i = 0; i < 32; i++) k += a[randomInt(a.length)];
  return k;
};

/**
 * Starts Azurite, the functions app and the engine-host. `engineEnv` tunes the simulator
 * (e.g. WA_SIM_QR_ROTATE_MS, WA_SIM_DELIVERED_MS=-1 to drive receipts by hand).
 */
export async function startStack({ engineEnv = {}, appEnv = {} } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-dashboard-'));
  const [blobPort, queuePort, tablePort, apiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const procs = [];
  const stop = async () => {
    for (const p of [...procs].reverse()) await p.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const azurite = start('azurite', path.join(root, 'node_modules/.bin/azurite'), [
      '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry', '--location', path.join(dir, 'azurite'),
      '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
      '--blobPort', String(blobPort), '--queuePort', String(queuePort), '--tablePort', String(tablePort),
    ]);
    procs.push(azurite);
    await waitFor(async () => {
      if (azurite.exited) throw new Error(`azurite exited: ${azurite.output}`);
      return (await accepts(queuePort)) && (await accepts(tablePort));
    }, { what: 'Azurite to listen' });

    const storage =
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${devKey};` +
      `BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queuePort}/devstoreaccount1;` +
      `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`;
    const adminKey = newKey();
    const common = { AzureWebJobsStorage: storage, WA_ENGINE: 'simulator', WA_SETTINGS_FILE: '/nonexistent' };
    const app = start('functions', 'dotnet', [path.join(root, 'functions/bin/Release/net10.0/WaFunctions.dll')], {
      env: {
        ...common,
        WA_PORT: String(apiPort),
        WA_ADMIN_KEY: adminKey,
        WA_PACING_ALLOW_FAST: 'true',
        WA_WEBHOOKS_ALLOW_PRIVATE: 'true',
        WA_RATE_LIMIT_PER_MINUTE: '100000',
        WA_QUEUE_MAX_POLL_MS: '200',
        WA_QUEUE_LEASE_SECONDS: '5',
        // Answers the API description does not list fail, so the dashboard's flows check it too.
        WA_VERIFY_ANSWERS: 'true',
        ...appEnv,
      },
    });
    procs.push(app);
    const engine = start('engine-host', 'node', [path.join(root, 'engine-host/dist/src/index.js')], {
      env: { ...common, WA_POLL_MAX_MS: '200', WA_LOG_LEVEL: 'warn', ...engineEnv },
    });
    procs.push(engine);
    const base = `http://localhost:${apiPort}`;
    await waitFor(async () => {
      for (const p of [app, engine]) if (p.exited) throw new Error(`${p.name} exited:\n${p.output}`);
      return (await fetch(`${base}/api/v1/ready`)).ok;
    }, { timeoutMs: 60_000, what: 'the functions app to be ready' });
    // The bootstrap admin key is stored in the background after start-up.
    await waitFor(async () => (await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${adminKey}` } })).ok, { what: 'the admin key' });

    /** The API as the admin (or `key`): JSON in and out; throws on non-2xx with the API's message. */
    const api = async (method, p, body, key = adminKey) => {
      const r = await fetch(`${base}/api/v1${p}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };
    return {
      base,
      dashboard: `${base}/dashboard`,
      adminKey,
      api,
      logs: () => procs.map((p) => `--- ${p.name}\n${p.output.slice(-4000)}`).join('\n'),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A linked simulator number: create, connect, scan, wait until ready. */
export async function linkedSession(stack, name = 'Test line') {
  const { data } = await stack.api('POST', '/sessions', { name });
  await stack.api('POST', `/sessions/${data.id}/connect`, {});
  await waitFor(async () => (await stack.api('GET', `/sessions/${data.id}`)).data.status === 'qr', { what: 'a QR' });
  await stack.api('POST', `/dev/sessions/${data.id}/scan`, {});
  await waitFor(async () => (await stack.api('GET', `/sessions/${data.id}`)).data.status === 'ready', { what: 'the number to be ready' });
  return (await stack.api('GET', `/sessions/${data.id}`)).data;
}

/** Headless Chromium (Debian's) with a fresh profile; no background traffic. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'wa-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
    ],
  });
  context.setDefaultTimeout(45_000); // generous for a busy machine: waits end as soon as their condition holds
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots numbered per suite under tests/Dashboard/screenshots/<suite>/. */
export function screenshots(suite) {
  const dir = path.join(root, 'tests/Dashboard/screenshots', suite);
  let n = 0;
  return async (page, step) => {
    if (n === 0) await rm(dir, { recursive: true, force: true }); // no stale pictures from an earlier run
    await mkdir(dir, { recursive: true });
    n += 1;
    const file = path.join(dir, `${String(n).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

/**
 * A page that fails the test on what a user would call broken: uncaught errors, console errors, CSP violations,
 * and any dialog (alert/confirm) it did not expect. `page.expectDialog(accept)` allows the next one.
 */
export async function openPage(browser, { width, height } = {}) {
  const page = await browser.context.newPage();
  if (width) await page.setViewportSize({ width, height: height ?? 800 });
  const problems = [];
  let allowDialogs = 0;
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The API's own error answers (404 qr_not_available while a QR is pending, 401 on a wrong key) are logged by
    // Chromium as failed loads; the page handles them. Anything else (CSP violations, exceptions) is a failure.
    if (m.text().startsWith('Failed to load resource') && (m.location().url ?? '').includes('/api/v1/')) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', async (d) => {
    if (allowDialogs > 0 && d.type() === 'confirm') {
      allowDialogs -= 1;
      await d.accept();
    } else {
      problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
      await d.dismiss();
    }
  });
  page.expectConfirm = () => (allowDialogs += 1);
  page.problems = problems;
  return page;
}

/** Signs in on the sign-in form with the keyboard alone. */
export async function signIn(page, dashboard, key) {
  await page.goto(dashboard);
  const input = page.getByLabel('API key');
  await input.waitFor();
  await input.focus();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Marks the document; `stillSame()` is true while no navigation or reload replaced it ("updated without reload"). */
export async function noReload(page) {
  const mark = `m${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => (window.__waMark = m), mark);
  return async () => (await page.evaluate(() => window.__waMark)) === mark;
}

/** Runs a test body, adding the stack's recent logs and the page's problems to a failure. */
export function step(ctx, fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (e) {
      e.message += `\n${ctx.stack?.logs?.() ?? ''}`;
      throw e;
    }
  };
}
