// Live data without WebSockets: a loader run now and then every `interval` ms while the tab is visible, never two at
// once, paused while the API says we are over the key's rate limit, and at once when the tab comes back.
import { useEffect, useRef, useState, useCallback } from 'preact/hooks';
import { rateLimitWait } from './api.js';

/**
 * @returns {{ data: any, error: import('./api.js').ApiError | null, loading: boolean, reload: () => Promise<void>, setData: Function }}
 * `interval` 0 loads once (and on reload). `deps` restart it. The last good data stays while a later load fails.
 */
export function useResource(loader, deps, { interval = 0, enabled = true } = {}) {
  const [state, setState] = useState({ data: undefined, error: null, loading: enabled });
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const runRef = useRef(async () => {});
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef(null);

  useEffect(() => {
    if (!enabled) {
      setState({ data: undefined, error: null, loading: false });
      return undefined;
    }
    let alive = true;
    let timer;
    let running = false;
    let again = false;
    // New deps mean other data: forget the old. A changed interval alone keeps what is shown.
    if (lastKey.current !== depsKey) setState((s) => ({ ...s, data: undefined, loading: true, error: null }));
    lastKey.current = depsKey;

    const schedule = (ms) => {
      clearTimeout(timer);
      if (alive && interval > 0) timer = setTimeout(tick, ms);
    };
    async function tick() {
      if (!alive) return;
      if (document.hidden) return; // resumed by visibilitychange
      const wait = rateLimitWait();
      if (wait > 0) return schedule(wait + 50);
      if (running) {
        again = true;
        return undefined;
      }
      running = true;
      try {
        const data = await loaderRef.current();
        if (alive) setState({ data, error: null, loading: false });
      } catch (error) {
        if (alive) setState((s) => ({ ...s, error, loading: false }));
      } finally {
        running = false;
      }
      if (again) {
        again = false;
        return tick();
      }
      schedule(interval);
      return undefined;
    }
    const visible = () => {
      if (!document.hidden) tick();
    };
    runRef.current = tick;
    document.addEventListener('visibilitychange', visible);
    tick();
    return () => {
      alive = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [depsKey, interval, enabled]);

  const reload = useCallback(() => runRef.current(), []);
  const setData = useCallback((update) => setState((s) => ({ ...s, data: typeof update === 'function' ? update(s.data) : update })), []);
  return { ...state, reload, setData };
}

/** A value that follows `value` after it has stopped changing for `ms` (search boxes). */
export function useDebounced(value, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** The current time, refreshed every `ms` (countdowns, "2 min ago"). */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
