import type { ChildProcess } from 'node:child_process';

// Child processes a test file started (Azurite, engine-host replicas). If the
// test runner ends the file early (a timeout: it sends SIGTERM), they are
// killed too instead of living on without a parent.

const children = new Set<ChildProcess>();
let hooked = false;

export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (hooked) return;
  hooked = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      for (const c of children) c.kill('SIGKILL');
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    });
  }
}
