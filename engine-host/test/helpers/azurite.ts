import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait.js';
import { track } from './children.js';

// A private Azurite per test file, on free ports, in memory; stopped at the end.

const engineHostDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      s.destroy();
      resolve(false);
    });
  });

export type Azurite = { connectionString: string; stop(): Promise<void> };

export async function startAzurite(): Promise<Azurite> {
  const bin = process.env['WA_AZURITE_BIN'] || path.resolve(engineHostDir, '../node_modules/.bin/azurite');
  const [blobPort, queuePort, tablePort] = [await freePort(), await freePort(), await freePort()];
  const location = await mkdtemp(path.join(os.tmpdir(), 'engine-host-azurite-'));
  const args = [
    '--blobPort', String(blobPort), '--queuePort', String(queuePort), '--tablePort', String(tablePort),
    '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    // Azurite 3.35 refuses --location together with --inMemoryPersistence, so the
    // temp dir is its working directory instead: anything it writes lands there.
    '--inMemoryPersistence', '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry',
  ];
  const child: ChildProcess = spawn(bin, args, { cwd: location, stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.once('error', (err) => (stderr += String(err)));
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    }
    child.stderr?.destroy();
    await rm(location, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => {
      if (exited) throw new Error(`azurite exited: ${stderr}`);
      return (await accepts(queuePort)) && (await accepts(tablePort));
    }, { timeoutMs: 30_000, what: 'azurite to listen' });
  } catch (err) {
    await stop();
    throw err;
  }
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${devKey};` +
    `BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queuePort}/devstoreaccount1;` +
    `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`;
  return { connectionString, stop };
}
