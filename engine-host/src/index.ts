import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { errorText, makeLog } from './log.js';

// Process entry point: load settings, start, and on SIGINT/SIGTERM stop
// gracefully (sockets closed, never logged out, so sessions resume on restart).

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`engine-host: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = makeLog(config.logLevel);
  const app = buildApp(config, { log, ...(process.env['WA_HEALTH_FILE'] ? { healthFile: process.env['WA_HEALTH_FILE'] } : {}) });
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    log.info('shutting down', { signal });
    // A second signal, or a shutdown that hangs, should not keep the container alive forever.
    setTimeout(() => process.exit(1), 25_000).unref();
    stopping = app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: errorText(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await app.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`engine-host failed to start: ${errorText(err)}\n`);
  process.exit(1);
});
