// Small async helpers shared by the bus, sessions and drivers.

/** Runs tasks one after another per key; different keys run concurrently. */
export function makeKeyedSerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const prev = tails.get(key) ?? Promise.resolve();
      const result = prev.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget idle keys so a long-running process does not keep one entry per session forever.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** resolves when everything queued so far has settled */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}

export type KeyedSerializer = ReturnType<typeof makeKeyedSerializer>;

/** A timer-backed delay that can be cancelled; cancelling resolves it early with false. */
export function cancellableDelay(ms: number): { promise: Promise<boolean>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let settle: (fired: boolean) => void = () => {};
  const promise = new Promise<boolean>((resolve) => {
    settle = resolve;
    timer = setTimeout(() => resolve(true), ms);
  });
  return {
    promise,
    cancel() {
      if (timer) clearTimeout(timer);
      settle(false);
    },
  };
}

/** Tracks in-flight promises so shutdown can wait for them. */
export function makeInflight() {
  const pending = new Set<Promise<unknown>>();
  return {
    track<T>(p: Promise<T>): Promise<T> {
      pending.add(p);
      const done = (): void => {
        pending.delete(p);
      };
      p.then(done, done);
      return p;
    },
    async drain(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    get size(): number {
      return pending.size;
    },
  };
}
