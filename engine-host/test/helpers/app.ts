import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { configFrom, type Config } from '../../src/config.js';
import { makeLog } from '../../src/log.js';
import type { Driver } from '../../src/drivers/driver.js';
import type { MediaStore } from '../../src/media/media-store.js';
import { makeTestBus, type TestBus } from './bus.js';

// Builds an engine-host with the simulator on the given Azurite, on queues and
// tables of its own (so test files and tests never see each other's traffic).

export type Harness = { app: App; config: Config; bus: TestBus; env: Record<string, string> };

export const uid = (prefix = ''): string => prefix + randomBytes(5).toString('hex');

export function testEnv(connectionString: string, overrides: Record<string, string> = {}): Record<string, string> {
  const id = uid();
  return {
    AzureWebJobsStorage: connectionString,
    WA_ENGINE: 'simulator',
    WA_ENGINE_COMMANDS_QUEUE: `cmd-${id}`,
    WA_ENGINE_EVENTS_QUEUE: `evt-${id}`,
    WA_ENGINE_TABLE_PREFIX: `t${id}`,
    WA_POLL_MIN_MS: '10',
    WA_POLL_MAX_MS: '50',
    WA_SIM_DELIVERED_MS: '30',
    WA_SIM_READ_MS: '60',
    WA_RECONNECT_BASE_MS: '40',
    WA_RECONNECT_MAX_MS: '200',
    WA_SEND_READY_WAIT_MS: '3000',
    // Scale-out: a lease container of its own, the shortest lease Azure allows, quick claims.
    WA_ENGINE_LEASE_CONTAINER: `leases-${id}`,
    WA_ENGINE_LEASE_SECONDS: '15',
    WA_ENGINE_LEASE_MARGIN_MS: '3000',
    WA_ENGINE_CLAIM_INTERVAL_MS: '500',
    WA_LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...overrides,
  };
}

/** Starts an app; it is stopped when the test (or suite) `t` ends. */
export async function startApp(
  t: Pick<TestContext, 'after'>,
  env: Record<string, string>,
  driver?: Driver | ((media: MediaStore) => Driver),
): Promise<Harness> {
  const config = configFrom(env);
  const app = buildApp(config, { log: makeLog(config.logLevel), ...(driver ? { driver } : {}) });
  await app.start();
  let stopped = false;
  const harness: Harness = {
    app: {
      ownership: app.ownership,
      start: () => app.start(),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await app.stop();
      },
    },
    config,
    bus: makeTestBus(env['AzureWebJobsStorage'] ?? '', { commands: config.queues.commands, events: config.queues.events }),
    env,
  };
  t.after(() => harness.app.stop());
  return harness;
}
